"""OpenAPI document pairs, one per rule: (name, old, new, expected findings).

Each case edits a copy of `base()`; `expected` is the exact set of (rule, severity, direction)
the comparison must return. Loaded by path from the tests (this folder is not collected).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

J = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def base() -> dict:
    """A small FastAPI-like document: GET/POST /orders, GET /orders/{order_id}."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Shop", "version": "1.0.0"},
        "paths": {
            "/orders": {
                "get": {
                    "operationId": "listOrders",
                    "summary": "List orders",
                    "parameters": [
                        {"name": "limit", "in": "query", "required": False,
                         "schema": {"type": "integer", "maximum": 100, "default": 10}},
                        {"name": "symbol", "in": "query", "required": False,
                         "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
                    ],
                    "responses": {
                        "200": {"description": "OK", "content": {J: {"schema": {
                            "type": "array", "items": _ref("Order")}}}},
                        "422": {"description": "Validation Error", "content": {J: {
                            "schema": _ref("HTTPValidationError")}}},
                    },
                },
                "post": {
                    "operationId": "placeOrder",
                    "requestBody": {"required": True, "content": {J: {"schema": _ref("PreOrder")}}},
                    "responses": {
                        "200": {"description": "OK", "content": {J: {"schema": _ref("Order")}}},
                        "400": {"description": "Bad request", "content": {J: {"schema": {
                            "type": "object", "properties": {"detail": {"type": "string"}}}}}},
                    },
                },
            },
            "/orders/{order_id}": {
                "get": {
                    "operationId": "getOrder",
                    "parameters": [{"name": "order_id", "in": "path", "required": True,
                                    "schema": {"type": "string", "title": "Order Id"}}],
                    "responses": {"200": {"description": "OK", "content": {J: {
                        "schema": _ref("Order")}}}},
                },
            },
        },
        "components": {"schemas": {
            "Side": {"type": "integer", "enum": [1, -1], "title": "Side"},
            "PreOrder": {
                "type": "object", "title": "PreOrder",
                "properties": {
                    "symbol": {"type": "string", "maxLength": 12},
                    "qty": {"type": "number", "exclusiveMinimum": 0},
                    "side": _ref("Side"),
                    "comment": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                },
                "required": ["symbol", "qty", "side"],
            },
            "Order": {
                "type": "object", "title": "Order",
                "properties": {
                    "id": {"type": "string"},
                    "symbol": {"type": "string"},
                    "qty": {"type": "number"},
                    "side": _ref("Side"),
                    "comment": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                },
                "required": ["id", "symbol", "qty", "side"],
            },
            "HTTPValidationError": {"type": "object", "properties": {
                "detail": {"type": "array", "items": {"type": "object"}}}},
        }},
    }


def _edit(fn: Callable[[dict], None]) -> dict:
    doc = base()
    fn(doc)
    return doc


def _schemas(doc: dict) -> dict:
    return doc["components"]["schemas"]


def _get_orders(doc: dict) -> dict:
    return doc["paths"]["/orders"]["get"]


def _place(doc: dict) -> dict:
    return doc["paths"]["/orders"]["post"]


def _reorder(doc: dict) -> None:
    doc["paths"] = dict(reversed(list(doc["paths"].items())))
    _schemas(doc)["PreOrder"]["required"] = ["side", "qty", "symbol"]
    _schemas(doc)["Side"]["enum"] = [-1, 1]


def _inline_side(doc: dict) -> None:
    # Same meaning, other spelling: the ref inlined and OpenAPI 3.0's `nullable`.
    _schemas(doc)["Order"]["properties"]["side"] = {"enum": [1, -1], "title": "Side",
                                                     "type": "integer"}
    _schemas(doc)["Order"]["properties"]["comment"] = {"type": "string", "nullable": True}
    _get_orders(doc)["parameters"][1]["schema"] = {"type": ["string", "null"]}


def _rename_param(doc: dict) -> None:
    _get_orders(doc)["parameters"][1]["name"] = "ticker"


def _add_param(required: bool) -> Callable[[dict], None]:
    def fn(doc: dict) -> None:
        _get_orders(doc)["parameters"].append(
            {"name": "account", "in": "query", "required": required, "schema": {"type": "string"}})
    return fn


def _set(path: list, value) -> Callable[[dict], None]:
    def fn(doc: dict) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        if value is _DELETE:
            del node[path[-1]]
        else:
            node[path[-1]] = copy.deepcopy(value)
    return fn


_DELETE = object()
_S = ["components", "schemas"]
_LIMIT = ["paths", "/orders", "get", "parameters", 0]


def _rename_component(doc: dict) -> None:
    schemas = _schemas(doc)
    schemas["app__models__Side"] = schemas.pop("Side")
    for name in ("PreOrder", "Order"):
        schemas[name]["properties"]["side"] = _ref("app__models__Side")


def _recursive(doc: dict) -> None:
    _schemas(doc)["Node"] = {"type": "object", "properties": {
        "name": {"type": "string"}, "children": {"type": "array", "items": _ref("Node")}}}
    _get_orders(doc)["responses"]["200"]["content"][J]["schema"] = _ref("Node")


def _recursive_renamed(doc: dict) -> None:
    _recursive(doc)
    schemas = _schemas(doc)
    schemas["Tree"] = schemas.pop("Node")
    schemas["Tree"]["properties"]["children"]["items"] = _ref("Tree")
    _get_orders(doc)["responses"]["200"]["content"][J]["schema"] = _ref("Tree")


def _path_param_renamed(doc: dict) -> None:
    item = doc["paths"].pop("/orders/{order_id}")
    item["get"]["parameters"][0]["name"] = "id"
    doc["paths"]["/orders/{id}"] = item


R, Q = "request", "response"
B, P, N, U, I = "breaking", "potentially-breaking", "non-breaking", "unclassified", "info"

# name, edit of the old document (None = base), edit of the new document, expected
CASES: list[tuple[str, object, Callable[[dict], None], set[tuple[str, str, str]]]] = [
    ("identical", None, lambda d: None, set()),
    ("key-and-set-order-ignored", None, _reorder, set()),
    ("refs-and-nullable-spellings", None, _inline_side, set()),
    ("description-is-info", None, _set(["paths", "/orders", "get", "summary"], "All orders"),
     {("annotation-changed", I, "none")}),
    ("path-removed", None, _set(["paths", "/orders/{order_id}"], _DELETE),
     {("path-removed", B, R)}),
    ("path-added", None, _set(["paths", "/health"], {"get": {"responses": {"200": {
        "description": "OK"}}}}), {("path-added", N, R)}),
    ("operation-removed", None, _set(["paths", "/orders", "post"], _DELETE),
     {("operation-removed", B, R)}),
    ("operation-added", None, _set(["paths", "/orders/{order_id}", "delete"], {
        "responses": {"200": {"description": "OK"}}}), {("operation-added", N, R)}),
    ("parameter-removed", None, _set(["paths", "/orders", "get", "parameters", 0], {
        "name": "symbol", "in": "query", "schema": {"type": "string", "nullable": True}}),
     {("parameter-removed", B, R)}),
    ("parameter-renamed", None, _rename_param, {("parameter-renamed", B, R)}),
    ("new-required-parameter", None, _add_param(True), {("new-required-parameter", B, R)}),
    ("new-optional-parameter", None, _add_param(False), {("new-optional-parameter", N, R)}),
    ("parameter-became-required", None, _set([*_LIMIT, "required"], True),
     {("parameter-became-required", B, R)}),
    ("parameter-became-optional", _set([*_LIMIT, "required"], True), lambda d: None,
     {("parameter-became-optional", N, R)}),
    ("request-required-property-added", None, lambda d: (
        _schemas(d)["PreOrder"]["properties"].update(account={"type": "string"}),
        _schemas(d)["PreOrder"]["required"].append("account")),
     {("request-required-property-added", B, R)}),
    ("request-optional-property-added", None, _set([*_S, "PreOrder", "properties", "tif"],
     {"type": "string"}), {("request-optional-property-added", N, R)}),
    ("request-property-removed", None, _set([*_S, "PreOrder", "properties", "comment"], _DELETE),
     {("request-property-removed", P, R)}),
    ("response-required-property-removed", None, lambda d: (
        _schemas(d)["Order"]["properties"].pop("symbol"),
        _schemas(d)["Order"]["required"].remove("symbol")),
     {("response-required-property-removed", B, Q)}),
    ("response-optional-property-removed", None,
     _set([*_S, "Order", "properties", "comment"], _DELETE),
     {("response-optional-property-removed", P, Q)}),
    ("response-property-added", None, _set([*_S, "Order", "properties", "status"],
     {"type": "string"}), {("response-property-added", N, Q)}),
    ("type-changed-request", None, _set([*_S, "PreOrder", "properties", "symbol"],
     {"type": "integer"}), {("type-changed", B, R), ("constraint-loosened", N, R)}),
    ("type-changed-response", None, _set([*_S, "Order", "properties", "id"], {"type": "integer"}),
     {("type-changed", B, Q)}),
    ("type-widened", None, _set([*_S, "Side", "type"], "number"),
     {("type-widened", N, R), ("type-widened", B, Q)}),
    ("enum-value-removed", None, _set([*_S, "Side", "enum"], [1]),
     {("enum-value-removed", B, R), ("enum-value-removed", N, Q)}),
    ("enum-value-added", None, _set([*_S, "Side", "enum"], [1, -1, 2]),
     {("enum-value-added", N, R), ("enum-value-added", B, Q)}),
    ("success-status-removed", None, lambda d: _place(d)["responses"].update(
        {"201": _place(d)["responses"].pop("200")}),
     {("success-status-removed", B, Q), ("success-status-added", P, Q)}),
    ("error-status-removed", None, _set(["paths", "/orders", "post", "responses", "400"], _DELETE),
     {("error-status-removed", N, Q)}),
    ("error-status-added", None, _set(["paths", "/orders/{order_id}", "get", "responses", "404"],
     {"description": "Not found"}), {("error-status-added", N, Q)}),
    ("request-media-type-removed", None, lambda d: _place(d)["requestBody"].update(
        content={"application/x-www-form-urlencoded": _place(d)["requestBody"]["content"][J]}),
     {("request-media-type-removed", B, R), ("request-media-type-added", N, R)}),
    ("response-media-type-removed", None, lambda d: _place(d)["responses"]["200"].update(
        content={"text/csv": {"schema": {"type": "string"}}}),
     {("response-media-type-removed", B, Q), ("response-media-type-added", N, Q)}),
    ("request-property-became-required", None, _set([*_S, "PreOrder", "required"],
     ["symbol", "qty", "side", "comment"]), {("request-property-became-required", B, R)}),
    ("request-property-became-optional", None, _set([*_S, "PreOrder", "required"],
     ["symbol", "qty"]), {("request-property-became-optional", N, R)}),
    ("response-property-became-optional", None, _set([*_S, "Order", "required"],
     ["id", "symbol", "qty"]), {("response-property-became-optional", B, Q)}),
    ("response-property-became-required", None, _set([*_S, "Order", "required"],
     ["id", "symbol", "qty", "side", "comment"]), {("response-property-became-required", N, Q)}),
    ("request-constraint-tightened", None, _set([*_S, "PreOrder", "properties", "symbol",
     "maxLength"], 8), {("constraint-tightened", B, R)}),
    ("request-constraint-added", None, _set([*_S, "PreOrder", "properties", "qty", "maximum"],
     1000), {("constraint-tightened", B, R)}),
    ("request-constraint-loosened", None, _set([*_LIMIT, "schema", "maximum"], 500),
     {("constraint-loosened", N, R)}),
    ("response-constraint-tightened", None, _set([*_S, "Order", "properties", "qty", "minimum"],
     0), {("constraint-tightened", N, Q)}),
    ("response-constraint-loosened", _set([*_S, "Order", "properties", "symbol", "maxLength"], 12),
     lambda d: None, {("constraint-loosened", P, Q)}),
    ("nullable-added", None, _set([*_S, "Order", "properties", "qty"],
     {"anyOf": [{"type": "number"}, {"type": "null"}]}), {("nullable-added", B, Q)}),
    ("nullable-removed", None, _set([*_S, "PreOrder", "properties", "comment"], {"type": "string"}),
     {("nullable-removed", B, R)}),
    ("default-changed", None, _set([*_LIMIT, "schema", "default"], 50),
     {("default-changed", P, R)}),
    ("format-added", None, _set([*_S, "PreOrder", "properties", "symbol", "format"], "uuid"),
     {("constraint-tightened", B, R)}),
    ("component-renamed", None, _rename_component, {("component-renamed", N, "none")}),
    ("recursive-schema-changed", _recursive, lambda d: (
        _recursive(d), _schemas(d)["Node"]["properties"].pop("name")),
     {("response-optional-property-removed", P, Q)}),
    ("recursive-component-renamed", _recursive, _recursive_renamed,
     {("component-renamed", N, "none")}),
    ("path-parameter-renamed", None, _path_param_renamed, {("path-parameter-renamed", N, R)}),
    ("operation-id-changed", None, _set(["paths", "/orders", "post", "operationId"], "createOrder"),
     {("operation-id-changed", P, "none")}),
    ("new-required-request-body", None, _set(["paths", "/orders/{order_id}", "get",
     "requestBody"], {"required": True, "content": {J: {"schema": {"type": "object"}}}}),
     {("new-required-request-body", B, R)}),
    ("request-body-became-optional", None, _set(["paths", "/orders", "post", "requestBody",
     "required"], False), {("request-body-became-optional", N, R)}),
    ("unclassified-keyword", None, _set([*_S, "Order", "properties", "id", "readOnly"], True),
     {("unclassified-change", U, Q)}),
    ("unclassified-operation-key", None, _set(["paths", "/orders", "post", "security"],
     [{"apiKey": []}]), {("unclassified-change", U, "none")}),
]


def pairs() -> list[tuple[str, dict, dict, set[tuple[str, str, str]]]]:
    """Return (name, old document, new document, expected) for every case."""
    result = []
    for name, old_edit, new_edit, expected in CASES:
        old = _edit(old_edit) if callable(old_edit) else base()
        result.append((name, old, _edit(new_edit), expected))
    return result
