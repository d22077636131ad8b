"""The effective configuration: every key of the schema, its value, and where the value came from.

`refactor-tools config` prints it. A value comes from the project's pyproject.toml when the key
is written there, otherwise it is the harness's default (the models' default, shown as such).
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .config import TABLE, load_config
from .schema import RefactorToolsConfig, validate_table

FILE = "pyproject.toml"
DEFAULT = "default"


@dataclass(frozen=True)
class Entry:
    """One key: its dotted path below `[tool.refactor-tools]`, value and origin."""

    table: str
    key: str
    value: Any
    origin: str
    table_written: bool = True  # False: the whole sub-table is absent from the file


@dataclass(frozen=True)
class EffectiveConfig:
    """Every key of the schema for one project."""

    pyproject: Path
    entries: tuple[Entry, ...]


def effective_config(root: Path | None = None) -> EffectiveConfig:
    """Load and check the project's table and list every key with its origin.

    Raises:
        ConfigError: the table is missing or invalid.
    """
    config = load_config(root)
    model = validate_table(config.table, config.pyproject)
    return EffectiveConfig(config.pyproject, tuple(_entries(model, config.table, "", True)))


def _entries(model: BaseModel, raw: dict[str, Any], table: str, written: bool) -> list[Entry]:
    scalars: list[Entry] = []
    tables: list[Entry] = []
    for name, field in type(model).model_fields.items():
        key = field.alias or name
        value = getattr(model, name)
        sub = _table_model(field.annotation)
        if sub is not None:
            present = isinstance(raw.get(key), dict)
            shown = value if value is not None else sub.model_construct()
            sub_raw = raw.get(key, {}) if present else {}
            tables.extend(_entries(shown, sub_raw, f"{table}.{key}".lstrip("."), written and present))
            continue
        origin = FILE if key in raw else DEFAULT
        scalars.append(Entry(table, key, _plain(value), origin, written))
    return scalars + tables


def _table_model(annotation: Any) -> type[BaseModel] | None:
    # A sub-table is a model or an optional model; a list of models (rules) is a value.
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    candidates = (annotation, *(typing.get_args(annotation) if union else ()))
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return {
            (field.alias or name): _plain(getattr(value, name))
            for name, field in type(value).model_fields.items()
            if getattr(value, name) is not None
        }
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    return value


def to_json(effective: EffectiveConfig) -> str:
    """Return the entries as deterministic JSON: {"keys": {"app.source": {value, origin}}}."""
    keys = {
        f"{e.table}.{e.key}".lstrip("."): {"origin": e.origin, "value": e.value} for e in effective.entries
    }
    return json.dumps({"pyproject": str(effective.pyproject), "keys": keys}, indent=2, sort_keys=True) + "\n"


def to_text(effective: EffectiveConfig) -> str:
    """Return TOML-shaped text, one key a line, each with its origin as a comment."""
    lines = [
        f"# The effective [{TABLE}] of {effective.pyproject}",
        f"# '{FILE}': written in the file; '{DEFAULT}': not written, the harness's default.",
    ]
    tables: dict[str, list[Entry]] = {}
    for entry in effective.entries:
        tables.setdefault(entry.table, []).append(entry)
    for table, entries in tables.items():
        header = f"{TABLE}{'.' + table if table else ''}"
        if not entries[0].table_written:
            # Not in the file: the defaults, as comments (an absent [app] also means the pytest
            # plugin stays inactive, which a printed table would hide).
            lines += ["", f"# [{header}] is not written; its defaults:"]
            lines += [f"#   {e.key} = {toml_value(e.value)}" for e in entries if e.value is not None]
            continue
        lines += ["", f"[{header}]"]
        arrays = [e for e in entries if _is_array_of_tables(e.value)]
        for entry in entries:
            if entry in arrays:
                continue
            if entry.value is None:
                lines.append(f"# {entry.key} is not set ({entry.origin})")
                continue
            lines.append(f"{f'{entry.key} = {toml_value(entry.value)}':<44} # {entry.origin}")
        for entry in arrays:  # after the table's own keys, as TOML requires
            for item in entry.value:
                lines += ["", f"[[{header}.{entry.key}]]{'':<{max(0, 40 - len(header) - len(entry.key))}} # {entry.origin}"]
                lines += [f"{key} = {toml_value(value)}" for key, value in item.items()]
    return "\n".join(lines) + "\n"


def _is_array_of_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def toml_value(value: Any) -> str:
    """Return a value as a TOML literal (inline tables for tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(int(value)) if isinstance(value, float) and value.is_integer() else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def _toml_key(key: str) -> str:
    bare = key.replace("-", "").replace("_", "").isalnum()
    return key if bare else json.dumps(key)


__all__ = ["EffectiveConfig", "Entry", "RefactorToolsConfig", "effective_config", "to_json", "to_text", "toml_value"]
