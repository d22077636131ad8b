"""Alpha's service."""

from shop.shared.registry import REGISTRY
