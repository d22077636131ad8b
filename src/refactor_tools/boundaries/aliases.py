"""Shims as aliases (pure): importing a module through its old, shimmed path counts as
importing the module it moved to, for every rule.

`refactor-tools move --shim` leaves at the old path a file whose first line is the marker
`# refactor-tools: shim -> <new dotted name>` (see `codemods/shims.py`; a test holds the two
spellings together). A package shim serves every `old.<sub>` at run time, so `old.<sub>`
names with no file of their own are aliases too ("virtual" names, only for resolving).
"""

from __future__ import annotations

import re

_MARKER = re.compile(rb"^# refactor-tools: shim -> ([A-Za-z_][\w.]*)[ \t]*\r?$", re.MULTILINE)
_MAX_HOPS = 32


def shim_target(head: bytes) -> str | None:
    """Return the dotted name a shim file stands for, from its first bytes; None otherwise."""
    found = _MARKER.search(head[:400])
    return found.group(1).decode("ascii") if found else None


def virtual_names(shims: dict[str, tuple[str, bool]], modules: set[str]) -> dict[str, str]:
    """Return `old.<sub>` -> `new.<sub>` for every module under a package shim's target that
    has no file at the old path.

    Args:
        shims: shim module -> (target, is a package shim).
        modules: every real module name.
    """
    out: dict[str, str] = {}
    for old, (new, is_package) in sorted(shims.items()):
        if not is_package:
            continue
        prefix = new + "."
        for module in modules:
            if module.startswith(prefix):
                alias = old + module[len(new) :]
                if alias not in modules:
                    out[alias] = module
    return out


def resolve(shims: dict[str, tuple[str, bool]], virtual: dict[str, str], modules: set[str]) -> dict[str, str]:
    """Return alias -> the real module it stands for, following shims of shims.

    An alias whose chain ends outside the real modules (or loops) is left out: it stays an
    ordinary module.
    """
    step = {old: new for old, (new, _pkg) in shims.items()}
    step.update(virtual)
    out: dict[str, str] = {}
    for alias in step:
        current, hops = alias, 0
        while current in step and hops < _MAX_HOPS:
            current, hops = step[current], hops + 1
        if current in modules and current not in step:
            out[alias] = current
    return out
