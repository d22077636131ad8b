"""Shared hub."""

from shop.models import Item
from shop.modules.alpha import api


def describe(item: Item) -> str:
    return item.name


def render(item: Item) -> str:
    return api.show(item)
