"""SARIF 2.1.0 log: one result per violation (baselineState new/unchanged/absent) and guard."""

from __future__ import annotations

import hashlib
from typing import Any

from ... import __version__
from ..model import BaselineEntry, BoundaryReport, Violation
from ..store import dumps

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
GUARD_RULES = {
    "skipped-file": "A .py file the import graph did not see (a folder without __init__.py).",
    "syntax-error": "A file that does not parse; its imports are not checked.",
}


def render_sarif(report: BoundaryReport) -> str:
    """Return the report as a SARIF 2.1.0 document."""
    rules = [
        {"id": r.id, "name": r.id, "shortDescription": {"text": r.summary()}, "defaultConfiguration": {"level": "error"}}
        for r in report.rules
    ]
    rules += [
        {"id": kind, "name": kind, "shortDescription": {"text": text}, "defaultConfiguration": {"level": "error"}}
        for kind, text in sorted(GUARD_RULES.items())
    ]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [_violation(v, "new", "error", index) for v in report.new]
    results += [_violation(v, "unchanged", "note", index) for v in report.baselined]
    results += [_entry(e, report.baseline_path, index) for e in (*report.stale, *report.rejected)]
    results += [
        {
            "ruleId": g.kind,
            "ruleIndex": index[g.kind],
            "level": "error",
            "message": {"text": g.message},
            "locations": [_location(g.path, g.line)],
        }
        for g in report.guards
    ]
    document: dict[str, Any] = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "refactor-tools", "version": __version__, "rules": rules}},
                "originalUriBaseIds": {"PROJECTROOT": {"description": {"text": "The folder holding pyproject.toml."}}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return dumps(document, depth=4)


def _location(path: str, line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": path, "uriBaseId": "PROJECTROOT"}}
    if line is not None:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _fingerprint(entry: BaselineEntry) -> str:
    text = "\0".join((entry.rule, entry.importer, entry.imported, entry.statement))
    return hashlib.sha256(text.encode()).hexdigest()


def _violation(v: Violation, state: str, level: str, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": v.rule,
        "ruleIndex": index[v.rule],
        "level": level,
        "baselineState": state,
        "message": {"text": f"{v.importer} -> {v.imported}: {v.statement}"},
        "locations": [_location(v.path, v.line)],
        "partialFingerprints": {"boundaryKey/v1": _fingerprint(v.key)},
    }
    if v.chain:
        result["relatedLocations"] = [
            {**_location(h.path, h.line), "id": i, "message": {"text": f"{h.importer} -> {h.imported}"}}
            for i, h in enumerate(v.chain)
        ]
    return result


def _entry(e: BaselineEntry, baseline_path: str, index: dict[str, int]) -> dict[str, Any]:
    return {
        "ruleId": e.rule,
        "ruleIndex": index.get(e.rule, -1),
        "level": "error",
        "baselineState": "absent",
        "message": {"text": f"baseline entry no longer found: {e.importer} -> {e.imported}: {e.statement}"},
        "locations": [_location(baseline_path, None)],
        "partialFingerprints": {"boundaryKey/v1": _fingerprint(e)},
    }
