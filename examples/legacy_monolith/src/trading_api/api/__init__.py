"""REST routers of the Trading API."""
