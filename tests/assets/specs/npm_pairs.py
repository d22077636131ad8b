"""The rule cases as input for benchmarks/specs/npm_diff.js (openapi-diff, @asyncapi/diff).

openapi-diff's parser accepts OpenAPI 3.0.x only, while FastAPI writes 3.1; the OpenAPI
pairs are therefore rewritten to their 3.0 spelling first (same meaning).
"""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"specs_assets_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _schema30(node: Any) -> Any:
    if isinstance(node, list):
        return [_schema30(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _schema30(v) for k, v in node.items()}
    for key in ("anyOf", "oneOf"):
        variants = node.get(key)
        if isinstance(variants, list) and {"type": "null"} in variants:
            rest = [v for v in variants if v != {"type": "null"}]
            del node[key]
            node["nullable"] = True
            if len(rest) == 1 and "$ref" not in rest[0]:
                node.update(rest[0])
            else:
                node[key] = rest
    if isinstance(node.get("type"), list):
        types = [t for t in node["type"] if t != "null"]
        node["nullable"] = "null" in node["type"] or node.get("nullable", False)
        node["type"] = types[0]
    for bound, flag in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(bound), (int, float)) and not isinstance(node[bound], bool):
            node[flag] = node.pop(bound)
            node[bound] = True
    if "const" in node:
        node["enum"] = [node.pop("const")]
    return node


def to_openapi30(doc: dict[str, Any]) -> dict[str, Any]:
    """Return an OpenAPI 3.1 document in OpenAPI 3.0.3 spelling."""
    doc = copy.deepcopy(doc)
    doc["openapi"] = "3.0.3"
    return _schema30(doc)


def pairs() -> list[dict[str, Any]]:
    """Return [{name, kind, old, new, expected}] for every OpenAPI and AsyncAPI rule case."""
    result = []
    for kind in ("openapi", "asyncapi"):
        for name, old, new, expected in _load(f"{kind}_cases").pairs():
            if kind == "openapi":
                old, new = to_openapi30(old), to_openapi30(new)
            result.append({"name": f"{kind}:{name}", "kind": kind, "old": old, "new": new})
    return result
