"""The finding collector every rule module writes to, and JSON-pointer helpers."""

from __future__ import annotations

import json
from typing import Any

from .model import SEVERITY_RANK, Finding
from .normalize import ANNOTATION, Fingerprints

_SHORT = 60


def child(location: str, *parts: object) -> str:
    """Return the JSON pointer `location` extended by `parts` (escaped per RFC 6901)."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "/".join((location, *escaped))


def _pieces(value: Any):
    if isinstance(value, dict):
        yield "{"
        for i, key in enumerate(sorted(value)):
            yield (", " if i else "") + json.dumps(key, ensure_ascii=False) + ": "
            yield from _pieces(value[key])
        yield "}"
    elif isinstance(value, list):
        yield "["
        for i, item in enumerate(value):
            yield ", " if i else ""
            yield from _pieces(item)
        yield "]"
    else:
        yield json.dumps(value, ensure_ascii=False, default=str)


def short(value: Any) -> str:
    """Return a one-line rendering of a value for messages, cut at a bounded length."""
    text = ""
    for piece in _pieces(value):  # lazily: inlined schemas can be huge when expanded
        text += piece
        if len(text) > _SHORT:
            return text[: _SHORT - 3] + "..."
    return text


def by_direction(direction: str, request: str, response: str) -> str:
    """Return the severity for `direction`; the worse of the two when it is unknown."""
    if direction == "request":
        return request
    if direction == "response":
        return response
    return max(request, response, key=lambda s: SEVERITY_RANK[s])


class Collector:
    """Accumulates findings of one document kind; knows the detected component renames."""

    def __init__(self, kind: str, renames: dict[str, str] | None = None) -> None:
        self.kind = kind
        self.renames: dict[str, str] = dict(renames or {})
        self.fp = Fingerprints()
        self._found: set[Finding] = set()
        self._seen: set[tuple[int, int, str]] = set()
        self._alive: list[tuple[Any, Any]] = []

    def first_visit(self, old: Any, new: Any, direction: str) -> bool:
        """Return False when this pair of (shared) objects was compared in this direction.

        A component used in many places is thus classified once per direction, at the
        first location in sorted order, instead of once per path that reaches it.
        """
        key = (id(old), id(new), direction)
        if key in self._seen:
            return False
        self._seen.add(key)
        self._alive.append((old, new))
        return True

    def same(self, old: Any, new: Any) -> bool:
        """Return True when two normalised values are structurally equal."""
        if old is new:
            return True
        if not isinstance(old, (dict, list)) or not isinstance(new, (dict, list)):
            return type(old) is type(new) and old == new
        return self.fp.of(old) == self.fp.of(new)

    def add(self, rule: str, severity: str, location: str, direction: str, message: str) -> None:
        """Record one finding."""
        self._found.add(Finding(self.kind, location, rule, severity, direction, message))

    def annotations(self, old: Any, new: Any, location: str, direction: str) -> None:
        """Report changed annotation keys (title, description, examples, ...) as info."""
        old_notes = old.get(ANNOTATION, {}) if isinstance(old, dict) else {}
        new_notes = new.get(ANNOTATION, {}) if isinstance(new, dict) else {}
        for key in sorted(set(old_notes) | set(new_notes)):
            if key not in new_notes:
                self.add("annotation-removed", "info", location, direction, f"{key} removed")
            elif key not in old_notes:
                self.add("annotation-added", "info", location, direction, f"{key} added")
            elif old_notes[key] != new_notes[key]:
                self.add(
                    "annotation-changed",
                    "info",
                    location,
                    direction,
                    f"{key} changed from {short(old_notes[key])} to {short(new_notes[key])}",
                )

    def leftovers(
        self, old: dict[str, Any], new: dict[str, Any], handled: set[str], location: str, direction: str
    ) -> None:
        """Report every key no rule handled whose value differs as unclassified."""
        for key in sorted((set(old) | set(new)) - handled - {ANNOTATION}):
            if key.startswith("x-"):
                if not self.same(old.get(key), new.get(key)):
                    self.add("extension-changed", "info", child(location, key), direction,
                             f"{key} changed from {short(old.get(key))} to {short(new.get(key))}")
                continue
            if not self.same(old.get(key), new.get(key)):
                self.add(
                    "unclassified-change",
                    "unclassified",
                    child(location, key),
                    direction,
                    f"{key} changed from {short(old.get(key))} to {short(new.get(key))}",
                )

    def findings(self) -> list[Finding]:
        """Return the findings, sorted."""
        return sorted(self._found)
