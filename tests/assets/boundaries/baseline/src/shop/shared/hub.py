"""Clean for now."""

from shop.models import __name__ as models_name
