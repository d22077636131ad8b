"""Alpha API."""

from shop.models import Item
from shop.shared.hub import describe


def show(item: Item) -> str:
    return describe(item)
