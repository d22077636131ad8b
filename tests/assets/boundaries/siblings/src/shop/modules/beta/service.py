"""Beta's service."""

from shop.models.item import Item


class BetaService:
    item = Item


def make_beta():
    return BetaService()
