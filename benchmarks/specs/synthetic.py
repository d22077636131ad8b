"""Deterministic synthetic documents: N operations over shared, nested component schemas."""

from __future__ import annotations

import copy
import random
from typing import Any

J = "application/json"


def _schema(i: int, n_schemas: int) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": {"type": "string", "maxLength": 64},
        "count": {"type": "integer", "minimum": 0},
        "price": {"anyOf": [{"type": "number"}, {"type": "null"}]},
        "kind": {"type": "string", "enum": ["a", "b", "c"]},
    }
    # Groups of four, like a response model with nested parts: 4g -> 4g+1, 4g+2; 4g+1 -> 4g+3.
    children = {0: (1, 2), 1: (2,)}.get(i % 4, ())
    for j in children:
        if i + j < n_schemas:
            props[f"child{j}"] = {"$ref": f"#/components/schemas/Model{i + j}"}
    props["tags"] = {"type": "array", "items": {"type": "string"}}
    return {"type": "object", "title": f"Model{i}", "properties": props,
            "required": ["id", "count"]}


def openapi(n_ops: int = 500, n_schemas: int = 120) -> dict[str, Any]:
    """Return an OpenAPI 3.1 document with `n_ops` operations (GET + POST per path)."""
    paths: dict[str, Any] = {}
    for k in range(n_ops // 2):
        model = {"$ref": f"#/components/schemas/Model{k % n_schemas}"}
        paths[f"/r{k}/{{item_id}}"] = {
            "get": {
                "operationId": f"get{k}",
                "parameters": [
                    {"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                ],
                "responses": {"200": {"description": "OK", "content": {J: {"schema": model}}},
                              "404": {"description": "Not found"}},
            },
            "post": {
                "operationId": f"post{k}",
                "parameters": [
                    {"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"required": True, "content": {J: {"schema": model}}},
                "responses": {"200": {"description": "OK", "content": {J: {"schema": model}}}},
            },
        }
    schemas = {f"Model{i}": _schema(i, n_schemas) for i in range(n_schemas)}
    return {"openapi": "3.1.0", "info": {"title": "Synthetic", "version": "1.0.0"},
            "paths": paths, "components": {"schemas": schemas}}


def asyncapi(n_ops: int = 500, n_schemas: int = 120) -> dict[str, Any]:
    """Return an AsyncAPI 3.0 document with `n_ops` operations (receive + send per route)."""
    messages: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for k in range(n_ops // 2):
        for suffix, action in (("subscribe", "receive"), ("update", "send")):
            name = f"r{k}.{suffix}"
            messages[name] = {"name": name, "payload": {
                "type": "object", "required": ["type", "payload"],
                "properties": {"type": {"const": name}, "payload": {
                    "$ref": f"#/components/schemas/Model{k % n_schemas}"}}}}
            operations[name] = {"action": action, "channel": {"$ref": "#/channels/ws"},
                                "messages": [{"$ref": f"#/channels/ws/messages/{name}"}]}
    return {
        "asyncapi": "3.0.0", "info": {"title": "Synthetic", "version": "1.0.0"},
        "channels": {"ws": {"address": "/ws", "messages": {
            m: {"$ref": f"#/components/messages/{m}"} for m in messages}}},
        "operations": operations,
        "components": {"messages": messages,
                       "schemas": {f"Model{i}": _schema(i, n_schemas) for i in range(n_schemas)}},
    }


def mutate(doc: dict[str, Any], kind: str, seed: int = 7, changes: int = 25) -> dict[str, Any]:
    """Return a copy of `doc` with `changes` deterministic edits spread over schemas and ops."""
    rng = random.Random(seed)
    new = copy.deepcopy(doc)
    schemas = new["components"]["schemas"]
    names = sorted(schemas)
    for n in range(changes):
        model = schemas[rng.choice(names)]["properties"]
        edit = n % 5
        if edit == 0:
            model[f"extra{n}"] = {"type": "string"}
        elif edit == 1:
            model["kind"]["enum"] = [*model["kind"]["enum"], f"v{n}"]
        elif edit == 2:
            model["id"]["maxLength"] = 32
        elif edit == 3:
            model["count"] = {"type": "number", "minimum": 0}
        else:
            model.pop("tags", None)
    if kind == "openapi":
        paths = sorted(new["paths"])
        for path in rng.sample(paths, 3):
            new["paths"][path].pop("post")
        new["paths"][paths[0]]["get"]["parameters"].append(
            {"name": "cursor", "in": "query", "required": True, "schema": {"type": "string"}})
    else:
        for op in rng.sample(sorted(new["operations"]), 3):
            new["operations"].pop(op)
    return new
