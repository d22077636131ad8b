"""Set one key of a TOML table in place, keeping every other byte of the file (pure)."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from ..errors import ConfigError

_HEADER = re.compile(r"^\s*\[(?!\[)([^\]]+)\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _split_dotted(name: str) -> list[str]:
    parts = []
    for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', name):
        part = part.strip()
        parts.append(part[1:-1] if part[:1] in "\"'" else part)
    return parts


def _key_text(key: str) -> str:
    return key if _BARE.match(key) else json.dumps(key)


def toml_value(value: Any) -> str:
    """Render a value as TOML (strings, booleans, numbers, lists and inline tables)."""
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


def _parses(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True


def _lookup(data: dict[str, Any], path: list[str]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return KeyError
        data = data[part]
    return data


def set_key(text: str, table: list[str], key: str, value: Any) -> str:
    """Return `text` with `key = value` set in `[table]`; other lines are kept byte for byte.

    An existing assignment is replaced in place (its trailing comment kept); a missing one
    is added after the table's last key; a missing table is added after the last table whose
    name starts with `table[0]`, or at the end.

    Raises:
        ConfigError: the file or the result does not parse, or the key is defined inline.
    """
    if not _parses(text):
        raise ConfigError("pyproject.toml does not parse as TOML; fix it first")
    lines = text.splitlines(keepends=True)
    rendered = f"{_key_text(key)} = {toml_value(value)}"
    headers = [(i, _split_dotted(m.group(1))) for i, line in enumerate(lines) if (m := _HEADER.match(line))]
    all_headers = [i for i, line in enumerate(lines) if _ANY_HEADER.match(line)]
    target = next((i for i, name in headers if name == table), None)
    if target is None:
        related = [i for i, name in headers if name[: len(table[:2])] == table[:2]]
        anchor = _body_end(lines, related[-1], all_headers) if related else len(lines)
        block = ["\n" if anchor and lines[anchor - 1].strip() else "", f"[{'.'.join(_key_text(p) for p in table)}]\n", rendered + "\n"]
        if anchor and not lines[anchor - 1].endswith("\n"):
            block.insert(0, "\n")
        if anchor < len(lines) and lines[anchor].strip():
            block.append("\n")
        result = "".join(lines[:anchor] + block + lines[anchor:])
    else:
        end = _body_end(lines, target, all_headers)
        assign = re.compile(rf"^(\s*)({re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
        found = next((i for i in range(target + 1, end) if assign.match(lines[i])), None)
        if found is None:
            last = max([i for i in range(target + 1, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")], default=target)
            line = rendered + "\n"
            if not lines[last].endswith("\n"):
                line = "\n" + line
            result = "".join(lines[: last + 1] + [line] + lines[last + 1 :])
        else:
            stop = found + 1
            while stop < end and not _parses("".join(lines[found:stop])):
                stop += 1
            indent = assign.match(lines[found]).group(1)
            comment = _trailing_comment(lines[stop - 1]) if stop == found + 1 else ""
            newline = "\n" if lines[stop - 1].endswith("\n") else ""
            result = "".join(lines[:found] + [f"{indent}{rendered}{comment}{newline}"] + lines[stop:])
    if not _parses(result) or _lookup(tomllib.loads(result), [*table, key]) != value:
        raise ConfigError(f"could not set [{'.'.join(table)}] {key} in place", hint="edit pyproject.toml by hand")
    return result


def _body_end(lines: list[str], header: int, all_headers: list[int]) -> int:
    following = [i for i in all_headers if i > header]
    end = following[0] if following else len(lines)
    while end > header + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _trailing_comment(line: str) -> str:
    body = line.rstrip("\r\n")
    for index in range(len(body) - 1, -1, -1):
        if body[index] == "#" and _parses(body[:index] + "\n"):
            return body[len(body[:index].rstrip()) :]
    return ""
