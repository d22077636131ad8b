"""An app whose routes depend on the environment it is imported in."""
