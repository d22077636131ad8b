"""Second route of the same length."""

from shop.shared import registry
