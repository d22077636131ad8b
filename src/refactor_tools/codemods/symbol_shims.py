"""The shim a symbol move leaves in the old module: a lazy module `__getattr__` (PEP 562).

It is lazy on purpose: the old module never imports the new one at import time, so a shim can
never close an import cycle. `remove-shims` finds the block by its marker and deletes it.
"""

from __future__ import annotations

import ast
import re

MARKER = "# refactor-tools: moved symbols (remove-shims deletes this block)"
_TABLE = "_MOVED_TO"

_BLOCK = '''{marker}
{table} = {{
{entries}}}


def __getattr__(name: str) -> object:
    """Serve the names that moved to other modules (deprecated aliases)."""
    if name not in {table}:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
    import importlib
    import warnings

    new = {table}[name]
    warnings.warn(
        f"{{__name__}}.{{name}} is deprecated: it moved to {{new}}; import it from there",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(new), name)
'''


def moved_table(text: str) -> dict[str, str] | None:
    """Return name -> new module of a module's shim block, or None when it has none."""
    if MARKER not in text:
        return None
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == _TABLE for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            return {
                k.value: v.value
                for k, v in zip(node.value.keys, node.value.values)
                if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)
            }
    return None


def _span(text: str) -> tuple[int, int] | None:
    """Return the 0-based line range of the shim block (marker to the end of `__getattr__`)."""
    lines = text.splitlines(keepends=True)
    try:
        start = next(i for i, line in enumerate(lines) if line.rstrip() == MARKER)
        tree = ast.parse(text)
    except (StopIteration, SyntaxError):
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__" and node.lineno > start:
            return start, node.end_lineno or node.lineno
    return None


def remove_block(text: str) -> str:
    """Return the module text without its shim block (and the blank lines before it)."""
    span = _span(text)
    if span is None:
        return text
    lines = text.splitlines(keepends=True)
    start, end = span
    while start > 0 and not lines[start - 1].strip():
        start -= 1
    rest = lines[end:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    head = lines[:start]
    if head and rest:
        head += ["\n", "\n"]
    return "".join(head + rest)


def with_block(text: str, table: dict[str, str]) -> str:
    """Return the module text with a shim block serving `table` (replacing an earlier one)."""
    merged = {**(moved_table(text) or {}), **table}
    text = remove_block(text)
    entries = "".join(f'    "{name}": "{module}",\n' for name, module in sorted(merged.items()))
    block = _BLOCK.format(marker=MARKER, table=_TABLE, entries=entries)
    body = text.rstrip()
    return (body + "\n\n\n" if body else "") + block


def has_foreign_getattr(text: str) -> bool:
    """Return True when the module defines its own `__getattr__` (not our shim)."""
    return bool(re.search(r"^def __getattr__\(", text, re.M)) and MARKER not in text
