"""Shared code must not reach into a module."""

from shop.models import item
from shop.modules.alpha.service import VALUE
