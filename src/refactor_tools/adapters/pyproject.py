"""pyproject.toml: read it (errors become ConfigError, see `fileio`), and edit it with tomlkit.

Edits keep comments and layout; a value is replaced in the form it is written in (a key in a
table, an inline table, or an array of tables `[[...]]`), and new values are written inline.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from ..errors import ConfigError
from ..fileio import parse_toml, read_pyproject, read_text

__all__ = ["parse_toml", "read_pyproject", "read_text", "set_key", "tool_table", "toml_value"]

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def tool_table(data: dict[str, Any], dotted: str) -> Any:
    """Return `data[tool][...]` for a dotted name like `tool.refactor-tools`, or None."""
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _key_text(key: str) -> str:
    return key if _BARE.match(key) else json.dumps(key)


def toml_value(value: Any) -> str:
    """Render a value as inline TOML (strings, booleans, numbers, lists and inline tables).

    Raises:
        ConfigError: a value TOML cannot hold (None, objects).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key_text(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise ConfigError(f"cannot write {value!r} as a TOML value (use a string, number, boolean, list or table)")


def _inline_item(value: Any) -> Any:
    import tomlkit

    return tomlkit.parse(f"v = {toml_value(value)}\n")["v"]


def _replace_tables(aot: Any, rows: list[dict[str, Any]]) -> None:
    # Rows are swapped inside the existing `[[...]]` array so the comments and blank lines
    # around it stay where they are.
    import tomlkit

    old = len(aot)
    spaced = old > 0 and aot.body[-1].as_string().endswith("\n\n")
    for index, row in enumerate(rows):
        table = tomlkit.table()
        for key, item in row.items():
            table.add(key, _inline_item(item))
        if index < len(rows) - 1 or spaced:
            table.add(tomlkit.nl())
        aot.append(table)
    for _ in range(old):
        del aot[0]


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def set_key(text: str, table: list[str], key: str, value: Any) -> str:
    """Return `text` with `key = value` set in `[table]`, comments and layout kept.

    An existing value is replaced in its own form (an array of tables stays one, a trailing
    comment stays); a missing key is added at the end of its table's keys; a missing table
    is added after its parent's last sub-table (written `[a.b.c]`).

    Raises:
        ConfigError: the text does not parse, a table on the way is a value, or the value
            cannot be written as TOML.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except TOMLKitError:
        raise ConfigError("pyproject.toml does not parse as TOML; fix it first") from None
    node: Any = document
    created = False
    for depth, part in enumerate(table):
        if part not in node:
            # Parents created on the way are super tables: only `[a.b.c]` is written.
            node.add(part, tomlkit.table(is_super_table=depth < len(table) - 1))
            created = True
        node = node[part]
        if not isinstance(node, dict):
            raise ConfigError(f"[{'.'.join(table[: depth + 1])}] is a value, not a table",
                              hint="edit pyproject.toml by hand")
    from tomlkit.items import AoT

    existing = node.get(key)
    if isinstance(existing, AoT) and _is_rows(value):
        _replace_tables(existing, value)
    else:
        node[key] = _inline_item(value)
    result = tomlkit.dumps(document)
    if created:
        result = _blank_line_after(result, table)
    if tool_table(tomllib.loads(result), ".".join([*table, key])) != value:
        raise ConfigError(f"could not set [{'.'.join(table)}] {key} in place", hint="edit pyproject.toml by hand")
    return result


def _blank_line_after(text: str, table: list[str]) -> str:
    # tomlkit writes a new table flush against the next header; keep the file's blank line.
    header = f"[{'.'.join(_key_text(p) for p in table)}]\n"
    start = text.find(header)
    if start < 0:
        return text
    following = re.compile(r"^\[", re.M).search(text, start + len(header))
    if following is None or text[: following.start()].endswith("\n\n"):
        return text
    return text[: following.start()] + "\n" + text[following.start():]
