"""Models."""

from .item import Item

__all__ = ["Item"]
