"""Shared code: only models."""

from shop.models.item import Item

REGISTRY = [Item]
