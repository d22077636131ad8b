"""Framework plugins of the Trading API."""
