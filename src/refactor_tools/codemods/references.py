"""Which string literals name a module path, and what they become (pure, shared by both passes).

A string is rewritten when it is an exact dotted path in a place that means "import this":
a positional argument of `mock.patch`, `patch.object`, `monkeypatch.setattr`,
`importlib.import_module` and friends, a `"pkg.mod:obj"` reference anywhere, or a string
annotation. Any other string that mentions an old path is only reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import Renames, last, parent

# Last segment of the called name: `mock.patch`, `patch.object`, `monkeypatch.setattr`, ...
REFERENCE_CALLS = frozenset(
    {
        "__import__",
        "delattr",
        "dict",
        "find_spec",
        "import_module",
        "import_string",
        "importorskip",
        "multiple",
        "object",
        "patch",
        "resolve_name",
        "setattr",
    }
)
REFERENCE_KEYWORDS = frozenset({"target", "name"})

_PATH = re.compile(r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(:[A-Za-z_][\w.]*)?\Z")

CALL = "call"
ANNOTATION = "annotation"
OTHER = "other"


def is_reference_call(func_name: str | None) -> bool:
    """Return True for calls whose string arguments are import paths."""
    return bool(func_name) and last(func_name) in REFERENCE_CALLS


def rewrite_string(value: str, renames: Renames, context: str) -> str | None:
    """Return the new value of a string literal, or None when it stays as it is."""
    if context == ANNOTATION:
        new = renames.rewrite_tokens(value)
        return new if new != value else None
    match = _PATH.match(value)
    if not match:
        return None
    path, attr = match.group(1), match.group(2)
    new = renames.new_name(path)
    if new is None or (context != CALL and attr is None):
        return None
    return new + (attr or "")


def mentions(value: str, renames: Renames) -> bool:
    """Return True when a string contains an old dotted path as a whole token."""
    return bool(renames.mention.search(value))


@dataclass(frozen=True)
class AllEntry:
    """What happens to one `__all__` entry: a new value, or a reason to report it."""

    new: str | None = None
    problem: str | None = None


def all_entry(entry: str, module_old: str, module_new: str, renames: Renames) -> AllEntry | None:
    """Judge an `__all__` entry of a package `__init__` that names a moved submodule."""
    full = f"{module_old}.{entry}"
    if not renames.is_moved_exactly(full):
        return None
    new = renames.new_name(full) or full
    if parent(new) == module_new:
        return AllEntry(new=last(new)) if last(new) != entry else None
    return AllEntry(problem=f"__all__ entry {entry!r} names {full}, now {new}")
