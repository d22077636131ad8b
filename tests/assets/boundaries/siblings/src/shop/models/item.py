"""Plain data."""


class Item:
    name = "item"
