"""Composition root: may import everything."""

from shop.modules import alpha, beta
from shop.modules.beta import api
