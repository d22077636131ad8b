"""In a folder without __init__.py: grimp never sees this import."""

from shop.modules.beta import thing
