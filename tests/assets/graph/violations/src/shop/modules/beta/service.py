"""Beta service."""

from shop.models import Item

from ..alpha.api import show


def make() -> Item:
    return Item()


def shown() -> str:
    return show(make())
