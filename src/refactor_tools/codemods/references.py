"""Which string literals name a module path, and what they become (pure, shared by both passes).

A string literal whose whole value is a dotted path under a moved name (or `path:obj`) is
rewritten wherever it stands: call arguments (`mock.patch`, `importlib.import_module`, ...),
variables, class attributes, dict values, `sys.modules[...]`, decorators; old names inside
string annotations are rewritten too. Prose that merely mentions a path (docstrings, strings
with spaces, comments) is only reported, as a note.
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
DOC = "doc"  # a bare string statement (docstring): prose, only reported


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
    if new is None and attr:
        # "pkg.mod:obj" where obj itself moved: the module part changes, the attribute stays.
        head = attr[1:].partition(".")[0]
        moved = renames.new_name(f"{path}.{head}")
        if moved is not None:
            return f"{parent(moved)}{attr}"
    if new is None or context == DOC:
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
