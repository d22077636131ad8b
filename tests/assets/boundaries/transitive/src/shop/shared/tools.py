"""...which reaches beta through the registry (two equal routes: tools and utils)."""

from shop.shared import registry
