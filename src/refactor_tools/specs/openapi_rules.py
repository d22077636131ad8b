"""Classify the differences between two OpenAPI 3.x documents."""

from __future__ import annotations

import re
from typing import Any

from .collect import Collector, child, short
from .components import compare_components, component_renames, reachable_refs
from .model import Finding
from .normalize import Normalizer, canonical, deref
from .schema_rules import compare_schema

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_NOTES = ("summary", "description", "tags", "externalDocs", "example", "examples", "title")
_TEMPLATE = re.compile(r"\{[^}/]*\}")


class _Docs:
    """Both documents and their normalisers, handed to every rule."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any], out: Collector) -> None:
        self.old, self.new, self.out = old, new, out
        self.old_norm, self.new_norm = Normalizer(old), Normalizer(new)


def notes(old: dict, new: dict, loc: str, d: str, out: Collector, keys=_NOTES) -> None:
    """Report changed annotation keys of a non-schema object as info."""
    for key in keys:
        if old.get(key) != new.get(key):
            out.add("annotation-changed", "info", child(loc, key), d,
                    f"{key} {short(old.get(key))} -> {short(new.get(key))}")


def compare_openapi(old: dict[str, Any], new: dict[str, Any]) -> list[Finding]:
    """Return the classified differences between two OpenAPI documents."""
    out = Collector("openapi", component_renames(old, new, "schemas"))
    docs = _Docs(old, new, out)
    if old.get("openapi") != new.get("openapi"):
        out.add("openapi-version-changed", "non-breaking", "/openapi", "none",
                f"{short(old.get('openapi'))} -> {short(new.get('openapi'))}")
    notes(old.get("info") or {}, new.get("info") or {}, "/info", "none", out,
          keys=sorted(set(old.get("info") or {}) | set(new.get("info") or {})))
    notes(old, new, "", "none", out, keys=("tags", "externalDocs"))
    if canonical(old.get("servers")) != canonical(new.get("servers")):
        out.add("servers-changed", "potentially-breaking", "/servers", "none",
                "the servers list changed")
    _paths(docs)
    used = reachable_refs(old, [old.get("paths") or {}]) | reachable_refs(new, [new.get("paths") or {}])
    compare_components(old, new, "schemas", used, out)
    old_c, new_c = old.get("components") or {}, new.get("components") or {}
    # Other component sections are compared where operations use them.
    out.leftovers({"securitySchemes": old_c.get("securitySchemes")},
                  {"securitySchemes": new_c.get("securitySchemes")}, set(), "/components", "none")
    handled = {"openapi", "info", "tags", "externalDocs", "servers", "paths", "components"}
    out.leftovers(old, new, handled, "", "none")
    return out.findings()


def _by_template(paths: dict[str, Any]) -> dict[str, str]:
    return {_TEMPLATE.sub("{}", p): p for p in paths}


def _paths(docs: _Docs) -> None:
    out = docs.out
    old_paths, new_paths = docs.old.get("paths") or {}, docs.new.get("paths") or {}
    old_t, new_t = _by_template(old_paths), _by_template(new_paths)
    for template in sorted(old_t.keys() - new_t.keys()):
        path = old_t[template]
        out.add("path-removed", "breaking", child("", "paths", path), "request",
                f"path {path} removed")
    for template in sorted(new_t.keys() - old_t.keys()):
        path = new_t[template]
        out.add("path-added", "non-breaking", child("", "paths", path), "request",
                f"path {path} added")
    for template in sorted(old_t.keys() & new_t.keys()):
        old_path, new_path = old_t[template], new_t[template]
        loc = child("", "paths", new_path)
        renamed = dict(zip(_TEMPLATE.findall(old_path), _TEMPLATE.findall(new_path)))
        renamed = {o[1:-1]: n[1:-1] for o, n in renamed.items() if o != n}
        if renamed:
            out.add("path-parameter-renamed", "non-breaking", loc, "request",
                    f"path {old_path} -> {new_path}; the URLs clients call are the same")
        old_item = deref(docs.old, old_paths[old_path])
        new_item = deref(docs.new, new_paths[new_path])
        _path_item(docs, old_item, new_item, loc, new_path, renamed)


def _path_item(docs: _Docs, old_item: dict, new_item: dict, loc: str, path: str,
               renamed: dict[str, str]) -> None:
    out = docs.out
    for method in METHODS:
        op = f"{method.upper()} {path}"
        if method in old_item and method not in new_item:
            out.add("operation-removed", "breaking", child(loc, method), "request",
                    f"operation {op} removed")
        elif method in new_item and method not in old_item:
            out.add("operation-added", "non-breaking", child(loc, method), "request",
                    f"operation {op} added")
        elif method in old_item:
            _operation(docs, old_item, new_item, method, child(loc, method), renamed)
    notes(old_item, new_item, loc, "none", out, keys=("summary", "description"))
    handled = {*METHODS, "parameters", "summary", "description", "$ref"}
    out.leftovers(old_item, new_item, handled, loc, "none")


def _operation(docs: _Docs, old_item: dict, new_item: dict, method: str, loc: str,
               renamed: dict[str, str]) -> None:
    out = docs.out
    old_op, new_op = deref(docs.old, old_item[method]), deref(docs.new, new_item[method])
    notes(old_op, new_op, loc, "none", out, keys=("summary", "description", "tags", "externalDocs"))
    if old_op.get("operationId") != new_op.get("operationId"):
        out.add("operation-id-changed", "potentially-breaking", child(loc, "operationId"), "none",
                f"operationId {short(old_op.get('operationId'))} -> "
                f"{short(new_op.get('operationId'))}; generated clients rename the method")
    if bool(old_op.get("deprecated")) != bool(new_op.get("deprecated")):
        out.add("deprecated-changed", "non-breaking", child(loc, "deprecated"), "none",
                "deprecated" if new_op.get("deprecated") else "no longer deprecated")
    _parameters(docs, _params(docs.old, old_item, old_op), _params(docs.new, new_item, new_op),
                loc, renamed)
    _request_body(docs, old_op.get("requestBody"), new_op.get("requestBody"), loc)
    _responses(docs, old_op.get("responses") or {}, new_op.get("responses") or {}, loc)
    handled = {"summary", "description", "tags", "externalDocs", "operationId", "deprecated",
               "parameters", "requestBody", "responses"}
    out.leftovers(old_op, new_op, handled, loc, "none")


def _params(doc: dict, item: dict, op: dict) -> dict[tuple[str, str], dict]:
    merged: dict[tuple[str, str], dict] = {}
    for raw in (*(item.get("parameters") or ()), *(op.get("parameters") or ())):
        param = deref(doc, raw)
        merged[(str(param.get("in")), str(param.get("name")))] = param
    return merged


def _param_key(docs: _Docs, norm: Normalizer, param: dict) -> str:
    schema = docs.out.fp.of(norm.schema(param.get("schema")), annotations=False)
    return canonical([param.get("in"), bool(param.get("required")), schema])


def _parameters(docs: _Docs, old: dict, new: dict, loc: str, renamed: dict[str, str]) -> None:
    out = docs.out
    ploc = child(loc, "parameters")
    old = {(i, renamed.get(n, n) if i == "path" else n): p for (i, n), p in old.items()}
    removed = sorted(old.keys() - new.keys())
    added = sorted(new.keys() - old.keys())
    added_keys = {k: _param_key(docs, docs.new_norm, new[k]) for k in added}
    for key in removed:
        match = next((k for k in added if k[0] == key[0] and k in added_keys
                      and added_keys[k] == _param_key(docs, docs.old_norm, old[key])), None)
        if match is not None:
            del added_keys[match]
            out.add("parameter-renamed", "breaking", child(ploc, *key), "request",
                    f"{key[0]} parameter '{key[1]}' renamed to '{match[1]}'")
        else:
            out.add("parameter-removed", "breaking", child(ploc, *key), "request",
                    f"{key[0]} parameter '{key[1]}' removed")
    for key in sorted(added_keys):
        if new[key].get("required"):
            out.add("new-required-parameter", "breaking", child(ploc, *key), "request",
                    f"new required {key[0]} parameter '{key[1]}'")
        else:
            out.add("new-optional-parameter", "non-breaking", child(ploc, *key), "request",
                    f"new optional {key[0]} parameter '{key[1]}'")
    for key in sorted(old.keys() & new.keys()):
        _parameter(docs, old[key], new[key], child(ploc, *key), key)


def _parameter(docs: _Docs, old: dict, new: dict, loc: str, key: tuple[str, str]) -> None:
    out = docs.out
    was, now = bool(old.get("required")), bool(new.get("required"))
    if not was and now:
        out.add("parameter-became-required", "breaking", loc, "request",
                f"{key[0]} parameter '{key[1]}' became required")
    elif was and not now:
        out.add("parameter-became-optional", "non-breaking", loc, "request",
                f"{key[0]} parameter '{key[1]}' became optional")
    if bool(old.get("deprecated")) != bool(new.get("deprecated")):
        out.add("deprecated-changed", "non-breaking", child(loc, "deprecated"), "request",
                "deprecated" if new.get("deprecated") else "no longer deprecated")
    notes(old, new, loc, "request", out, keys=("description", "example", "examples"))
    compare_schema(docs.old_norm.schema(old.get("schema")), docs.new_norm.schema(new.get("schema")),
                   child(loc, "schema"), "request", out)
    handled = {"name", "in", "required", "deprecated", "description", "example", "examples",
               "schema"}
    out.leftovers(old, new, handled, loc, "request")


def _content(docs: _Docs, old: dict, new: dict, loc: str, d: str) -> None:
    out = docs.out
    for media in sorted(old.keys() - new.keys()):
        out.add(f"{d}-media-type-removed", "breaking", child(loc, media), d,
                f"media type {media} removed")
    for media in sorted(new.keys() - old.keys()):
        out.add(f"{d}-media-type-added", "non-breaking", child(loc, media), d,
                f"media type {media} added")
    for media in sorted(old.keys() & new.keys()):
        old_m, new_m = deref(docs.old, old[media]), deref(docs.new, new[media])
        mloc = child(loc, media)
        notes(old_m, new_m, mloc, d, out, keys=("example", "examples"))
        compare_schema(docs.old_norm.schema(old_m.get("schema")),
                       docs.new_norm.schema(new_m.get("schema")), child(mloc, "schema"), d, out)
        out.leftovers(old_m, new_m, {"schema", "example", "examples"}, mloc, d)


def _request_body(docs: _Docs, old: Any, new: Any, loc: str) -> None:
    out = docs.out
    bloc = child(loc, "requestBody")
    if old is None and new is None:
        return
    if old is None:
        required = bool(deref(docs.new, new).get("required"))
        out.add("new-required-request-body" if required else "new-optional-request-body",
                "breaking" if required else "non-breaking", bloc, "request",
                f"new {'required' if required else 'optional'} request body")
        return
    if new is None:
        out.add("request-body-removed", "potentially-breaking", bloc, "request",
                "request body removed; clients that send one are ignored or rejected")
        return
    old, new = deref(docs.old, old), deref(docs.new, new)
    was, now = bool(old.get("required")), bool(new.get("required"))
    if was != now:
        out.add("request-body-became-required" if now else "request-body-became-optional",
                "breaking" if now else "non-breaking", bloc, "request",
                "request body became " + ("required" if now else "optional"))
    notes(old, new, bloc, "request", out, keys=("description",))
    _content(docs, old.get("content") or {}, new.get("content") or {}, child(bloc, "content"),
             "request")
    out.leftovers(old, new, {"required", "description", "content"}, bloc, "request")


def _is_success(status: str) -> bool:
    return status.startswith("2")


def _responses(docs: _Docs, old: dict, new: dict, loc: str) -> None:
    out = docs.out
    rloc = child(loc, "responses")
    for status in sorted(old.keys() - new.keys()):
        if _is_success(status):
            out.add("success-status-removed", "breaking", child(rloc, status), "response",
                    f"success status {status} removed")
        else:
            out.add("error-status-removed", "non-breaking", child(rloc, status), "response",
                    f"status {status} removed")
    for status in sorted(new.keys() - old.keys()):
        if _is_success(status):
            out.add("success-status-added", "potentially-breaking", child(rloc, status),
                    "response", f"new success status {status}; clients may not expect it")
        else:
            out.add("error-status-added", "non-breaking", child(rloc, status), "response",
                    f"new status {status}")
    for status in sorted(old.keys() & new.keys()):
        old_r, new_r = deref(docs.old, old[status]), deref(docs.new, new[status])
        sloc = child(rloc, status)
        notes(old_r, new_r, sloc, "response", out, keys=("description",))
        _content(docs, old_r.get("content") or {}, new_r.get("content") or {},
                 child(sloc, "content"), "response")
        _headers(docs, old_r.get("headers") or {}, new_r.get("headers") or {},
                 child(sloc, "headers"))
        out.leftovers(old_r, new_r, {"description", "content", "headers"}, sloc, "response")


def _headers(docs: _Docs, old: dict, new: dict, loc: str) -> None:
    out = docs.out
    for name in sorted(old.keys() - new.keys()):
        out.add("response-header-removed", "potentially-breaking", child(loc, name), "response",
                f"header {name} removed")
    for name in sorted(new.keys() - old.keys()):
        out.add("response-header-added", "non-breaking", child(loc, name), "response",
                f"header {name} added")
    for name in sorted(old.keys() & new.keys()):
        old_h, new_h = deref(docs.old, old[name]), deref(docs.new, new[name])
        compare_schema(docs.old_norm.schema(old_h.get("schema")),
                       docs.new_norm.schema(new_h.get("schema")), child(loc, name, "schema"),
                       "response", out)
        notes(old_h, new_h, child(loc, name), "response", out, keys=("description",))
        out.leftovers(old_h, new_h, {"schema", "description"}, child(loc, name), "response")
