"""Beta helpers (moved here from shop.common)."""


def helper():
    """Help."""
