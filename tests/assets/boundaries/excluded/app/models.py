"""Tables."""


class Item:
    """An item row."""
