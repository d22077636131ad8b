"""A package importing its own subpackages is never a violation."""

from . import helpers
from shop.plugins.alpha.helpers import util
