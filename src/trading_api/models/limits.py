"""Input limits shared by every request model (TRADING_API.md 3.1).

Request models forbid non-finite numbers (`NaN`, `Infinity`, `-Infinity`) and bound the size of
symbol lists and strings, so a request is either valid and of bounded cost or refused with 422.
These names are deliberately not in the package's `__all__` (its names are fixed by the contract).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Dict, List

from pydantic import AfterValidator, ConfigDict, Field

MAX_SYMBOLS = 500
"""Most items in any list of symbols (REST `symbols`, WS `symbols` and `fast_symbols`)."""

MAX_SYMBOL_LENGTH = 64
"""Most characters in a symbol or a search string."""

REQUEST_CONFIG = ConfigDict(allow_inf_nan=False)
"""Model config of every request model: non-finite floats fail validation."""

Symbol = Annotated[str, Field(max_length=MAX_SYMBOL_LENGTH)]
SymbolList = Annotated[List[Symbol], Field(max_length=MAX_SYMBOLS)]


def _check_finite(value: Any) -> Any:
    """Raise ValueError if `value` holds a non-finite float at any depth; return it unchanged."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            name = "NaN" if math.isnan(item) else ("Infinity" if item > 0 else "-Infinity")
            raise ValueError(f"non-finite number {name} is not allowed; send a finite number")
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return value


FiniteObject = Annotated[Dict[str, Any], AfterValidator(_check_finite)]
"""A free-form JSON object (e.g. `customFields`) in which every number is finite."""
