"""Render docs/configuration.md from the configuration models (`python -m refactor_tools.schema_docs`).

The reference is generated, never edited by hand: `tests/schema` fails when the committed file
and the models disagree, and says how to regenerate it.
"""

from __future__ import annotations

import json
import sys
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .schema import TABLE, Expect, RefactorToolsConfig

INTRO = """# Configuration reference

<!-- Generated from refactor_tools/schema.py by `python -m refactor_tools.schema_docs`; do not edit. -->

refactor-tools reads the `[tool.refactor-tools]` table of the target project's `pyproject.toml`.
Every table rejects unknown keys (with a "did you mean" hint), and values are checked as TOML
writes them: `"yes"` is not a boolean. `refactor-tools config` prints the configuration in force
and where each value came from; `refactor-tools init` writes a first table for a project.

The same rules as a JSON schema: `refactor_tools/config_schema.json` in the installed package
(`refactor-tools config --schema` prints it). Editors that read JSON schemas for TOML, such as
Even Better TOML (taplo), can use it for the `tool.refactor-tools` table.
"""


_PLAIN = {"a string", "a list of strings", "true or false", "a directory path", "a file path",
          "a table of string values, e.g. { ENVIRONMENT = \"local\" }", "a list of patterns"}


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(names)
    if origin is typing.Literal:
        return " \\| ".join(f'`"{a}"`' for a in args)
    if origin is list:
        inner = args[0] if args else Any
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return "array of tables"
        return f"list of {_type_name(inner)}"
    if origin is dict:
        return "table of strings"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "table"
    return {str: "string", bool: "boolean", float: "number", int: "integer"}.get(annotation, str(annotation))


def _default(field: Any) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
    elif field.default is PydanticUndefined:
        return "required"
    else:
        value = field.default
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{json.dumps(value)}`"


def _expect(field: Any) -> str | None:
    found = [m.text for m in field.metadata if isinstance(m, Expect)]
    for inner in typing.get_args(field.annotation):
        found += [m.text for m in getattr(inner, "__metadata__", ()) if isinstance(m, Expect)]
    return found[0] if found else None


def _section(model: type[BaseModel], header: str, array: bool = False) -> list[str]:
    title = f"[[{header}]]" if array else f"[{header}]"
    lines = [f"## `{title}`", "", (model.__doc__ or "").strip(), "", "| Key | Type | Default | Meaning |",
             "| --- | --- | --- | --- |"]
    nested: list[tuple[type[BaseModel], str, bool]] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        sub = _submodel(field.annotation)
        if sub is not None:
            is_array = typing.get_origin(_strip(field.annotation)) is list
            nested.append((sub, f"{header}.{key}", is_array))
            if not is_array:
                continue
        meaning = (field.description or "").replace("|", "\\|")
        expect = _expect(field)
        if expect in _PLAIN or typing.get_origin(_strip(field.annotation)) is typing.Literal:
            expect = None  # the Type column says it already
        if expect and "must be" not in meaning:
            meaning = f"{meaning} Must be {expect}.".strip()
        lines.append(f"| `{key}` | {_type_name(field.annotation)} | {_default(field)} | {meaning} |")
    lines.append("")
    for sub, sub_header, is_array in nested:
        lines += _section(sub, sub_header, is_array)
    return lines


def _strip(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return inner[0] if len(inner) == 1 else annotation
    return annotation


def _submodel(annotation: Any) -> type[BaseModel] | None:
    annotation = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) is list:
        (inner,) = typing.get_args(annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None


def render_reference() -> str:
    """Return the whole Markdown reference of `[tool.refactor-tools]`."""
    lines = [INTRO] + _section(RefactorToolsConfig, TABLE)
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_reference())
