"""Alpha imports beta only for type checking, and gamma at run time."""

from __future__ import annotations

import typing

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shop.modules.beta.service import (
        BetaService,
    )

if typing.TYPE_CHECKING:
    import shop.modules.beta
else:
    import shop.modules.gamma


def use(service: BetaService) -> None:
    """Annotate only."""
