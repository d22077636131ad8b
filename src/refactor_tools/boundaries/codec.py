"""Violations and guards to and from plain JSON data (pure)."""

from __future__ import annotations

from typing import Any

from .model import BaselineEntry, Guard, GuardEntry, Hop, Violation


def violation_to_dict(v: Violation) -> dict[str, Any]:
    """Return a JSON-ready dict of a violation."""
    return {
        "path": v.path,
        "line": v.line,
        "rule": v.rule,
        "importer": v.importer,
        "imported": v.imported,
        "statement": v.statement,
        "chain": [
            {"importer": h.importer, "imported": h.imported, "path": h.path, "line": h.line}
            for h in v.chain
        ],
    }


def violation_from_dict(d: dict[str, Any]) -> Violation:
    """Rebuild a violation from `violation_to_dict` output."""
    return Violation(
        path=d["path"],
        line=d["line"],
        rule=d["rule"],
        importer=d["importer"],
        imported=d["imported"],
        statement=d["statement"],
        chain=tuple(Hop(**hop) for hop in d["chain"]),
    )


def guard_to_dict(g: Guard) -> dict[str, Any]:
    """Return a JSON-ready dict of a guard."""
    return {"path": g.path, "line": g.line, "kind": g.kind, "message": g.message}


def guard_from_dict(d: dict[str, Any]) -> Guard:
    """Rebuild a guard from `guard_to_dict` output."""
    return Guard(path=d["path"], line=d["line"], kind=d["kind"], message=d["message"])


def entry_to_dict(e: BaselineEntry) -> dict[str, Any]:
    """Return a JSON-ready dict of a baseline entry."""
    return {"rule": e.rule, "importer": e.importer, "imported": e.imported, "statement": e.statement}


def guard_entry_to_dict(e: GuardEntry) -> dict[str, Any]:
    """Return a JSON-ready dict of a known guard."""
    return {"kind": e.kind, "path": e.path}


def violation_to_row(v: Violation) -> list[Any]:
    """Return a compact list form of a violation (for the cache)."""
    return [v.path, v.line, v.rule, v.importer, v.imported, v.statement,
            [[h.importer, h.imported, h.path, h.line] for h in v.chain]]


def violation_from_row(row: list[Any]) -> Violation:
    """Rebuild a violation from `violation_to_row` output."""
    path, line, rule, importer, imported, statement, chain = row
    hops = tuple(Hop(*hop) for hop in chain) if chain else ()
    return Violation(path, line, rule, importer, imported, statement, hops)
