"""Entry point."""

from shop.modules.alpha import api
from shop.modules.beta import service

__all__ = ["api", "service"]
