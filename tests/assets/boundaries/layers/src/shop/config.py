"""Top-level config: not a model."""
