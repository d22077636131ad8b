"""Beta service (its package was shop.legacy)."""


class BetaService:
    """Serve."""
