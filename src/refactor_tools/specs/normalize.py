"""Normalise JSON Schemas inside a document: refs inlined, order and spelling variants removed.

The result of `Normalizer.schema` is a plain dict that compares equal for schemas that mean
the same: `$ref`s are inlined (a reference back into the chain being inlined becomes
`{"$recursive": ref}`), `anyOf[X, null]` and `type: [X, "null"]` become X with
`nullable: True`, `const` becomes a one-value `enum`, sets (`required`, `enum`, union
variants) are sorted, and annotations (title, description, examples, ...) move under one
key, `$annotations`, so rules can ignore them and still report them as info.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

ANNOTATION = "$annotations"
RECURSIVE = "$recursive"
ANNOTATION_KEYS = frozenset(
    {"title", "description", "examples", "example", "$comment", "externalDocs", "$schema", "$id"}
)
_SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs", "definitions")
_SCHEMA_ONE = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "additionalItems",
)
_UNIONS = ("anyOf", "oneOf")
# Keywords whose "off" value means the same as leaving them out.
_DEFAULT_OFF = {
    "nullable": False,
    "uniqueItems": False,
    "deprecated": False,
    "readOnly": False,
    "writeOnly": False,
    "additionalProperties": True,
}


def canonical(value: Any) -> str:
    """Return a compact, key-sorted JSON text used to compare and sort values."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def resolve_pointer(doc: Any, ref: str) -> Any:
    """Return the value a local `#/a/b` reference points to, or None when it is dangling."""
    if not ref.startswith("#"):
        return None
    node = doc
    for raw in ref[1:].split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def deref(doc: Any, value: Any) -> Any:
    """Follow a chain of `$ref`s on a non-schema object (parameter, response, message...)."""
    seen: set[str] = set()
    while isinstance(value, dict) and isinstance(value.get("$ref"), str):
        ref = value["$ref"]
        if ref in seen:
            return {}
        seen.add(ref)
        target = resolve_pointer(doc, ref)
        rest = {k: v for k, v in value.items() if k != "$ref"}
        value = {**target, **rest} if isinstance(target, dict) else rest
    return value


def strip_annotations(value: Any) -> Any:
    """Return `value` without its `$annotations` entries, at every depth."""
    if isinstance(value, dict):
        return {k: strip_annotations(v) for k, v in value.items() if k != ANNOTATION}
    if isinstance(value, list):
        return [strip_annotations(v) for v in value]
    return value


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and strip_annotations(schema) == {"type": "null"}


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Merge a union's only variant into its parent; the parent's own keys win."""
    merged = dict(extra)
    for key, value in into.items():
        if key == ANNOTATION and ANNOTATION in merged:
            merged[ANNOTATION] = {**merged[ANNOTATION], **value}
        else:
            merged[key] = value
    return merged


class Normalizer:
    """Normalise the schemas of one document; inlined refs are memoised when cycle-free."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self._memo: dict[str, Any] = {}
        self._markers = 0  # recursion markers made so far; a change means "depends on stack"

    def schema(self, schema: Any, stack: tuple[str, ...] = ()) -> Any:
        """Return the normalised form of `schema` (see the module docstring)."""
        if not isinstance(schema, dict):
            return schema
        if isinstance(schema.get("$ref"), str):
            return self._ref(schema, stack)
        out: dict[str, Any] = {}
        notes: dict[str, Any] = {}
        nullable = schema.get("nullable") is True
        for key, value in schema.items():
            if key in ANNOTATION_KEYS or key.startswith("x-"):
                notes[key] = value
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                if value:
                    out[key] = {k: self.schema(v, stack) for k, v in value.items()}
            elif key in _SCHEMA_ONE:
                out[key] = self.schema(value, stack) if isinstance(value, dict) else value
            elif key in ("prefixItems", "allOf") and isinstance(value, list):
                out[key] = [self.schema(v, stack) for v in value]
            elif key in _UNIONS and isinstance(value, list):
                out[key] = [self.schema(v, stack) for v in value]
            elif key == "type" and isinstance(value, list):
                types = sorted(set(value) - {"null"})
                nullable = nullable or "null" in value
                if types:
                    out["type"] = types[0] if len(types) == 1 else types
            elif key == "const":
                out["enum"] = [value]
            elif key == "enum" and isinstance(value, list):
                out["enum"] = sorted(value, key=canonical)
            elif key == "required" and isinstance(value, list):
                if value:
                    out["required"] = sorted(set(value))
            elif key == "discriminator" and isinstance(value, dict):
                # The mapping only repeats component refs, which renames would change.
                out[key] = {"propertyName": value.get("propertyName")}
            elif key in _DEFAULT_OFF and value == _DEFAULT_OFF[key]:
                continue
            elif key != "nullable":
                out[key] = value
        if notes:
            out[ANNOTATION] = notes
        out, nullable = self._fold_unions(out, nullable)
        if nullable:
            out["nullable"] = True
        return out

    def _fold_unions(self, out: dict[str, Any], nullable: bool) -> tuple[dict[str, Any], bool]:
        for key in (*_UNIONS, "allOf"):
            variants = out.get(key)
            if not isinstance(variants, list):
                continue
            if key != "allOf":
                kept = [v for v in variants if not _is_null(v)]
                nullable = nullable or len(kept) < len(variants)
            else:
                kept = variants
            del out[key]
            if len(kept) == 1 and isinstance(kept[0], dict):
                inner = dict(kept[0])
                nullable = nullable or inner.pop("nullable", False) is True
                out = _merge(out, inner)
            elif kept:
                out[key] = kept if key == "allOf" else sorted(kept, key=canonical)
        return out, nullable

    def _ref(self, schema: dict[str, Any], stack: tuple[str, ...]) -> Any:
        ref = schema["$ref"]
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        if ref in stack:
            self._markers += 1
            base: Any = {RECURSIVE: ref}
        elif ref in self._memo:
            base = self._memo[ref]
        else:
            target = resolve_pointer(self.doc, ref)
            if target is None:
                base = {"$dangling": ref}
            else:
                before = self._markers
                base = self.schema(target, (*stack, ref))
                # Memoised results are shared, so a document is a DAG, never re-expanded.
                if self._markers == before:
                    self._memo[ref] = base
        if not rest:
            return base
        extra = self.schema(rest, stack)
        if not isinstance(base, dict):
            return extra
        return _merge(extra, base) if isinstance(extra, dict) else base


class Fingerprints:
    """Structural digests of normalised values, memoised by identity.

    Inlined refs are shared objects, so a document is a DAG whose expansion can be
    exponential; digests make equality checks linear in the DAG's size instead.
    """

    def __init__(self, aliases: dict[str, str] | None = None) -> None:
        self._aliases = aliases or {}
        self._memo: dict[tuple[int, bool], tuple[Any, str]] = {}

    def of(self, value: Any, annotations: bool = True) -> str:
        """Return the digest of `value`; with annotations=False they do not count."""
        if not isinstance(value, (dict, list)):
            return f"{type(value).__name__}:{value!r}"
        key = (id(value), annotations)
        hit = self._memo.get(key)
        if hit is not None:
            return hit[1]
        if isinstance(value, list):
            text = "[" + ",".join(self.of(v, annotations) for v in value)
        else:
            parts = []
            for k in sorted(value):
                if k == ANNOTATION and not annotations:
                    continue
                v = value[k]
                if k == RECURSIVE and isinstance(v, str):
                    v = self._aliases.get(v, v)
                parts.append(repr(k) + ":" + self.of(v, annotations))
            text = "{" + ",".join(parts)
        digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        self._memo[key] = (value, digest)  # keeps `value` alive so its id stays unique
        return digest
