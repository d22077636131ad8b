"""Codemods: move modules and packages, leave and retire shims, rewrite tests.

Import-light on purpose: the heavy parts load when `move` / `remove_shims` are first used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MoveResult", "RemoveShimsResult", "move", "remove_shims"]

_LAZY = {
    "move": "refactor_tools.codemods.mover",
    "MoveResult": "refactor_tools.codemods.results",
    "remove_shims": "refactor_tools.codemods.shim_removal",
    "RemoveShimsResult": "refactor_tools.codemods.results",
}


def __getattr__(name: str) -> Any:
    """Load the public API on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)
