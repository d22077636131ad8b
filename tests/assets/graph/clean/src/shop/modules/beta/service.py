"""Beta service."""

from shop.models import Item


def make() -> Item:
    return Item()
