"""Module alpha: importing its own subpackages is fine."""

from . import service
from shop.modules.alpha import api
