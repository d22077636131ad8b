"""Name the operation a finding is about, the way oasdiff does: `GET /api/v1/items/{id}`.

Public API:
    name_operations(findings, kind, old, new) -> list[Finding]

Pure. A finding under `/paths/<path>/<method>` names that operation; one about a whole path
names each operation of the path; one about a component (a schema, a message) names the
operations that reach it in either document. AsyncAPI operations are named by their action
and id (`SEND quotes.subscribe`). Findings about the document itself name none. More than
`MAX_NAMED` operations are cut short with "(+N more)".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .components import reachable_refs
from .model import Finding

MAX_NAMED = 3
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def pointer_tokens(pointer: str) -> list[str]:
    """Split a JSON pointer into its unescaped tokens ("" -> [])."""
    if not pointer or pointer == "/":
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]


def _listed(names: set[str]) -> str:
    ordered = sorted(names, key=lambda n: (n.split(" ", 1)[-1], n))
    if len(ordered) > MAX_NAMED:
        return ", ".join(ordered[:MAX_NAMED]) + f" (+{len(ordered) - MAX_NAMED} more)"
    return ", ".join(ordered)


class _OpenAPI:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.docs = (old, new)
        self._users: dict[str, set[str]] | None = None

    def name(self, tokens: list[str]) -> str:
        if len(tokens) >= 2 and tokens[0] == "paths":
            path = tokens[1]
            if len(tokens) >= 3 and tokens[2] in _METHODS:
                return f"{tokens[2].upper()} {path}"
            return _listed({f"{m.upper()} {path}" for doc in self.docs
                            for m in ((doc.get("paths") or {}).get(path) or {}) if m in _METHODS})
        if len(tokens) >= 3 and tokens[0] == "components":
            ref = "#/components/" + "/".join(t.replace("~", "~0").replace("/", "~1") for t in tokens[1:3])
            return _listed(self.users().get(ref, set()))
        return ""

    def users(self) -> dict[str, set[str]]:
        """Return component ref -> the operations that reach it (computed once, on demand)."""
        if self._users is None:
            self._users = {}
            for doc in self.docs:
                for path, item in (doc.get("paths") or {}).items():
                    if not isinstance(item, dict):
                        continue
                    shared = item.get("parameters") or []
                    for method, operation in item.items():
                        if method not in _METHODS or not isinstance(operation, dict):
                            continue
                        for ref in reachable_refs(doc, [operation, shared]):
                            self._users.setdefault(ref, set()).add(f"{method.upper()} {path}")
        return self._users


class _AsyncAPI:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.docs = (old, new)
        self._users: dict[str, set[str]] | None = None

    @staticmethod
    def _label(name: str, operation: Any) -> str:
        action = operation.get("action") if isinstance(operation, dict) else None
        return f"{str(action).upper()} {name}" if action else name

    def name(self, tokens: list[str]) -> str:
        if len(tokens) >= 2 and tokens[0] == "operations":
            for doc in reversed(self.docs):
                operation = (doc.get("operations") or {}).get(tokens[1])
                if operation is not None:
                    return self._label(tokens[1], operation)
            return tokens[1]
        if len(tokens) >= 2 and tokens[0] in ("channels", "components"):
            depth = 4 if tokens[0] == "channels" and len(tokens) >= 4 and tokens[2] == "messages" else (
                2 if tokens[0] == "channels" else 3)
            if len(tokens) < depth:
                return ""
            ref = "#/" + "/".join(t.replace("~", "~0").replace("/", "~1") for t in tokens[:depth])
            return _listed(self.users().get(ref, set()))
        return ""

    def users(self) -> dict[str, set[str]]:
        """Return ref -> operations that use it: their channel, messages and what those reach."""
        if self._users is None:
            self._users = {}
            for doc in self.docs:
                for name, operation in (doc.get("operations") or {}).items():
                    if not isinstance(operation, dict):
                        continue
                    reply = operation.get("reply") if isinstance(operation.get("reply"), dict) else {}
                    # Not the channel object itself: it lists every message of the channel.
                    roots = [operation.get("messages") or [], reply.get("messages") or []]
                    refs = reachable_refs(doc, roots)
                    for channel in (operation.get("channel"), reply.get("channel")):
                        if isinstance(channel, dict) and isinstance(channel.get("$ref"), str):
                            refs.add(channel["$ref"])
                    for ref in refs:
                        self._users.setdefault(ref, set()).add(self._label(name, operation))
        return self._users


def name_operations(findings: list[Finding], kind: str, old: dict[str, Any],
                    new: dict[str, Any]) -> list[Finding]:
    """Return the findings with `operation` set where one (or several) can be named."""
    namer = _OpenAPI(old, new) if kind == "openapi" else _AsyncAPI(old, new)
    return [replace(f, operation=namer.name(pointer_tokens(f.location))) for f in findings]
