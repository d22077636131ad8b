"""Classify the differences between two normalised JSON Schemas, seen from one direction.

`request` schemas are what clients send (a server that gets stricter breaks them);
`response` schemas are what clients receive (a server that gets looser breaks them).
A shared component is classified once per direction, at the first location (in sorted
order) that reaches it, so one edit to a model used by many operations is one finding.
"""

from __future__ import annotations

from typing import Any

from .collect import Collector, by_direction, child, short
from .normalize import ANNOTATION, RECURSIVE, canonical

_UPPER = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
_LOWER = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
_UNIONS = ("anyOf", "oneOf")


def compare_schema(old: Any, new: Any, loc: str, direction: str, out: Collector) -> None:
    """Add to `out` one finding per classified difference between `old` and `new`."""
    if not out.first_visit(old, new, direction) or out.same(old, new):
        return
    if not isinstance(old, dict) or not isinstance(new, dict):
        out.add("schema-changed", "unclassified", loc, direction,
                f"schema changed from {short(old)} to {short(new)}")
        return
    out.annotations(old, new, loc, direction)
    if RECURSIVE in old or RECURSIVE in new:
        _recursive(old, new, loc, direction, out)
        return
    if _union_wrapped(old, new, loc, direction, out):
        return
    handled: set[str] = {"type", "nullable", "enum", "format", "pattern", "default",
                         "multipleOf", "uniqueItems", "deprecated", *_UPPER, *_LOWER}
    _types(old, new, loc, direction, out)
    _nullable(old, new, loc, direction, out)
    _enum(old, new, loc, direction, out)
    _constraints(old, new, loc, direction, out)
    _format_default(old, new, loc, direction, out)
    handled |= _objects(old, new, loc, direction, out)
    handled |= _arrays(old, new, loc, direction, out)
    handled |= _unions(old, new, loc, direction, out)
    out.leftovers(old, new, handled, loc, direction)


def _recursive(old: dict, new: dict, loc: str, d: str, out: Collector) -> None:
    old_ref, new_ref = old.get(RECURSIVE), new.get(RECURSIVE)
    if old_ref is not None and out.renames.get(old_ref, old_ref) == new_ref:
        return
    out.add("recursive-reference-changed", "unclassified", loc, d,
            f"recursive reference changed from {short(old_ref)} to {short(new_ref)}")


def _tighten(key: str, tightened: bool, loc: str, d: str, out: Collector, what: str) -> None:
    if tightened:
        sev = by_direction(d, "breaking", "non-breaking")
        out.add("constraint-tightened", sev, child(loc, key), d, f"{key} tightened: {what}")
    else:
        sev = by_direction(d, "non-breaking", "potentially-breaking")
        out.add("constraint-loosened", sev, child(loc, key), d, f"{key} loosened: {what}")


def _type_set(schema: dict) -> frozenset[str] | None:
    value = schema.get("type")
    if value is None:
        return None
    return frozenset([value] if isinstance(value, str) else value)


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _types(old: dict, new: dict, loc: str, d: str, out: Collector) -> None:
    old_t, new_t = _type_set(old), _type_set(new)
    if old_t == new_t:
        return
    what = f"type {short(old.get('type', 'any'))} -> {short(new.get('type', 'any'))}"
    where = child(loc, "type")
    if _covers(new_t, old_t):
        out.add("type-widened", by_direction(d, "non-breaking", "breaking"), where, d, what)
    elif _covers(old_t, new_t):
        out.add("type-narrowed", by_direction(d, "breaking", "non-breaking"), where, d, what)
    else:
        out.add("type-changed", "breaking", where, d, what)


def _nullable(old: dict, new: dict, loc: str, d: str, out: Collector) -> None:
    was, now = bool(old.get("nullable")), bool(new.get("nullable"))
    if was == now:
        return
    if now:
        out.add("nullable-added", by_direction(d, "non-breaking", "breaking"), loc, d,
                "now accepts null" if d == "request" else "may now be null")
    else:
        out.add("nullable-removed", by_direction(d, "breaking", "non-breaking"), loc, d,
                "no longer accepts null" if d == "request" else "is no longer null")


def _enum(old: dict, new: dict, loc: str, d: str, out: Collector) -> None:
    old_e, new_e = old.get("enum"), new.get("enum")
    if old_e == new_e:
        return
    where = child(loc, "enum")
    if old_e is None:
        out.add("enum-added", by_direction(d, "breaking", "non-breaking"), where, d,
                f"values restricted to {short(new_e)}")
        return
    if new_e is None:
        out.add("enum-removed", by_direction(d, "non-breaking", "breaking"), where, d,
                f"values no longer restricted to {short(old_e)}")
        return
    old_keys = {canonical(v): v for v in old_e}
    new_keys = {canonical(v): v for v in new_e}
    for key in sorted(old_keys.keys() - new_keys.keys()):
        out.add("enum-value-removed", by_direction(d, "breaking", "non-breaking"), where, d,
                f"value {key} removed")
    for key in sorted(new_keys.keys() - old_keys.keys()):
        out.add("enum-value-added", by_direction(d, "non-breaking", "breaking"), where, d,
                f"value {key} added")


def _constraints(old: dict, new: dict, loc: str, d: str, out: Collector) -> None:
    for key in (*_UPPER, *_LOWER):
        o, n = old.get(key), new.get(key)
        if o == n:
            continue
        what = f"{short(o)} -> {short(n)}"
        numeric = isinstance(o, (int, float)) and isinstance(n, (int, float))
        if o is not None and n is not None and not numeric:
            out.add("unclassified-change", "unclassified", child(loc, key), d, f"{key} {what}")
        elif o is None or n is None:
            _tighten(key, o is None, loc, d, out, what)
        else:
            _tighten(key, (n < o) if key in _UPPER else (n > o), loc, d, out, what)
    o, n = old.get("multipleOf"), new.get("multipleOf")
    if o != n:
        looser = n is None or (o is not None and o % n == 0)
        _tighten("multipleOf", not looser, loc, d, out, f"{short(o)} -> {short(n)}")
    if bool(old.get("uniqueItems")) != bool(new.get("uniqueItems")):
        _tighten("uniqueItems", bool(new.get("uniqueItems")), loc, d, out,
                 f"{bool(old.get('uniqueItems'))} -> {bool(new.get('uniqueItems'))}")


def _format_default(old: dict, new: dict, loc: str, d: str, out: Collector) -> None:
    for key in ("format", "pattern"):
        o, n = old.get(key), new.get(key)
        if o == n:
            continue
        if o is None or n is None:
            _tighten(key, o is None, loc, d, out, f"{short(o)} -> {short(n)}")
        else:
            out.add(f"{key}-changed", "potentially-breaking", child(loc, key), d,
                    f"{key} {short(o)} -> {short(n)}")
    if canonical(old.get("default")) != canonical(new.get("default")):
        out.add("default-changed", by_direction(d, "potentially-breaking", "non-breaking"),
                child(loc, "default"), d,
                f"default {short(old.get('default'))} -> {short(new.get('default'))}")
    if bool(old.get("deprecated")) != bool(new.get("deprecated")):
        out.add("deprecated-changed", "non-breaking", child(loc, "deprecated"), d,
                "deprecated" if new.get("deprecated") else "no longer deprecated")


def _objects(old: dict, new: dict, loc: str, d: str, out: Collector) -> set[str]:
    props_o, props_n = old.get("properties", {}), new.get("properties", {})
    req_o, req_n = set(old.get("required", ())), set(new.get("required", ()))
    for name in sorted(props_o.keys() - props_n.keys()):
        where = child(loc, "properties", name)
        if d == "request":
            out.add("request-property-removed", "potentially-breaking", where, d,
                    f"property '{name}' removed; clients that send it are ignored or rejected")
        elif name in req_o:
            out.add("response-required-property-removed", "breaking", where, d,
                    f"required property '{name}' removed")
        else:
            out.add("response-optional-property-removed", "potentially-breaking", where, d,
                    f"optional property '{name}' removed")
    for name in sorted(props_n.keys() - props_o.keys()):
        where = child(loc, "properties", name)
        if d == "response":
            out.add("response-property-added", "non-breaking", where, d, f"property '{name}' added")
        elif name in req_n:
            out.add("request-required-property-added", "breaking", where, d,
                    f"new required property '{name}'")
        else:
            out.add("request-optional-property-added", "non-breaking", where, d,
                    f"new optional property '{name}'")
    for name in sorted(props_o.keys() & props_n.keys()):
        compare_schema(props_o[name], props_n[name], child(loc, "properties", name), d, out)
    added_or_removed = props_o.keys() ^ props_n.keys()
    for name in sorted((req_o ^ req_n) - added_or_removed):
        where = child(loc, "properties", name)
        if name in req_n:
            sev = by_direction(d, "breaking", "non-breaking")
            out.add(f"{d}-property-became-required", sev, where, d, f"'{name}' became required")
        else:
            sev = by_direction(d, "non-breaking", "breaking")
            out.add(f"{d}-property-became-optional", sev, where, d, f"'{name}' became optional")
    _additional(old, new, loc, d, out)
    return {"properties", "required", "additionalProperties"}


def _additional(old: dict, new: dict, loc: str, d: str, out: Collector) -> None:
    o, n = old.get("additionalProperties", True), new.get("additionalProperties", True)
    if isinstance(o, dict) and isinstance(n, dict):
        compare_schema(o, n, child(loc, "additionalProperties"), d, out)
        return
    if o == n:
        return
    # Rank: False (nothing extra) < a schema (some extras) < True (anything extra).
    rank = {False: 0, True: 2}
    _tighten("additionalProperties", rank.get(n, 1) < rank.get(o, 1), loc, d, out,
             f"{short(o)} -> {short(n)}")


def _arrays(old: dict, new: dict, loc: str, d: str, out: Collector) -> set[str]:
    o, n = old.get("items"), new.get("items")
    if isinstance(o, dict) and isinstance(n, dict):
        compare_schema(o, n, child(loc, "items"), d, out)
    elif not out.same(o, n):
        out.add("unclassified-change", "unclassified", child(loc, "items"), d,
                f"items {short(o)} -> {short(n)}")
    for key in ("prefixItems", "allOf"):
        ol, nl = old.get(key), new.get(key)
        if out.same(ol, nl):
            continue
        if isinstance(ol, list) and isinstance(nl, list) and len(ol) == len(nl):
            for i, (a, b) in enumerate(zip(ol, nl)):
                compare_schema(a, b, child(loc, key, i), d, out)
        else:
            out.add("unclassified-change", "unclassified", child(loc, key), d,
                    f"{key} {short(ol)} -> {short(nl)}")
    return {"items", "prefixItems", "allOf"}


def _variant_keys(variants: list, out: Collector) -> dict[str, Any]:
    return {out.fp.of(v, annotations=False): v for v in variants}


def _unions(old: dict, new: dict, loc: str, d: str, out: Collector) -> set[str]:
    for key in _UNIONS:
        ov, nv = old.get(key, []), new.get(key, [])
        if out.same(ov, nv):
            continue
        o_keys, n_keys = _variant_keys(ov, out), _variant_keys(nv, out)
        removed = sorted(o_keys.keys() - n_keys.keys())
        added = sorted(n_keys.keys() - o_keys.keys())
        for k in sorted(o_keys.keys() & n_keys.keys()):
            compare_schema(o_keys[k], n_keys[k], child(loc, key, nv.index(n_keys[k])), d, out)
        if len(removed) == 1 and len(added) == 1:
            index = nv.index(n_keys[added[0]])
            compare_schema(o_keys[removed[0]], n_keys[added[0]], child(loc, key, index), d, out)
            continue
        for k in removed:
            out.add("union-variant-removed", by_direction(d, "breaking", "non-breaking"),
                    child(loc, key), d, f"variant {short(o_keys[k])} removed")
        for k in added:
            out.add("union-variant-added", by_direction(d, "non-breaking", "breaking"),
                    child(loc, key), d, f"variant {short(n_keys[k])} added")
    return set(_UNIONS)


def _union_wrapped(old: dict, new: dict, loc: str, d: str, out: Collector) -> bool:
    """Recognise X -> anyOf[X, Y] (widened) and anyOf[X, Y] -> X (narrowed)."""
    for key in _UNIONS:
        if (key in old) == (key in new):
            continue
        union, single = (new, old) if key in new else (old, new)
        bare = {k: v for k, v in single.items() if k not in (ANNOTATION, "nullable")}
        if set(union) - {key, ANNOTATION, "nullable"}:
            continue
        variants = _variant_keys(union[key], out)
        if out.fp.of(bare, annotations=False) not in variants:
            continue
        _nullable(old, new, loc, d, out)
        if key in new:
            out.add("union-variant-added", by_direction(d, "non-breaking", "breaking"), loc, d,
                    f"now one of {len(union[key])} variants")
        else:
            out.add("union-variant-removed", by_direction(d, "breaking", "non-breaking"), loc, d,
                    f"now only one of the former {len(union[key])} variants")
        return True
    return False
