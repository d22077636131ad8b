"""An item."""


class Item:
    name = ""
