"""Does not parse."""

from shop.modules.alpha import api

def broken(:
    pass
