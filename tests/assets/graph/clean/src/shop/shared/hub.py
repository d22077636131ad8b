"""Shared hub."""

from shop.models import Item


def describe(item: Item) -> str:
    return item.name
