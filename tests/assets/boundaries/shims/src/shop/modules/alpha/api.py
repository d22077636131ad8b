"""Alpha reaches beta through old, shimmed paths."""

from shop.common import helper
from shop.legacy.service import BetaService
import shop.legacy

__all__ = ["BetaService", "helper", "shop"]
