"""SARIF 2.1.0 log: one result per violation (baselineState new/unchanged/absent) and guard."""

from __future__ import annotations

import hashlib
from typing import Any

from ... import __version__
from ..model import BaselineEntry, BoundaryReport, Violation
from ..store import dumps
from . import under_project

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
GUARD_RULES = {
    "skipped-file": "A .py file the import graph cannot hold (a folder without __init__.py, or a name that is not an identifier).",
    "syntax-error": "A file that does not parse; its imports are not checked.",
}


def render_sarif(report: BoundaryReport) -> str:
    """Return the report as a SARIF 2.1.0 document.

    Artifact URIs are relative to the git root (`SRCROOT`), where code scanning looks for
    them; `PROJECTROOT` (the folder holding pyproject.toml) is given relative to it.
    """
    at = under_project(report.project_dir)
    rules = [
        {"id": r.id, "name": r.id, "shortDescription": {"text": r.summary()}, "defaultConfiguration": {"level": "error"}}
        for r in report.rules
    ]
    rules += [
        {"id": kind, "name": kind, "shortDescription": {"text": text}, "defaultConfiguration": {"level": "error"}}
        for kind, text in sorted(GUARD_RULES.items())
    ]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [_violation(v, "new", "error", index, at) for v in report.new]
    results += [_violation(v, "unchanged", "note", index, at) for v in report.baselined]
    results += [_entry(e, at(report.baseline_path), index) for e in (*report.stale, *report.rejected)]
    guards = [(g, "error", "new") for g in report.guards] + [(g, "warning", None) for g in report.warnings]
    guards += [(g, "note", "unchanged") for g in report.baselined_guards]
    for g, level, state in guards:
        result: dict[str, Any] = {
            "ruleId": g.kind,
            "ruleIndex": index[g.kind],
            "level": level,
            "message": {"text": g.message},
            "locations": [_location(at(g.path), g.line)],
        }
        if state:
            result["baselineState"] = state
        results.append(result)
    results += [
        {
            "ruleId": e.kind,
            "ruleIndex": index[e.kind],
            "level": "error",
            "baselineState": "absent",
            "message": {"text": f"baseline entry no longer needed: {e.path} is analysed now"},
            "locations": [_location(at(report.baseline_path), None)],
        }
        for e in report.stale_guards
    ]
    bases: dict[str, Any] = {"SRCROOT": {"description": {"text": "The root of the git repository."}}}
    if report.project_dir:
        bases["PROJECTROOT"] = {
            "uri": report.project_dir + "/",
            "uriBaseId": "SRCROOT",
            "description": {"text": "The folder holding pyproject.toml."},
        }
    document: dict[str, Any] = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "refactor-tools", "version": __version__, "rules": rules}},
                "originalUriBaseIds": bases,
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return dumps(document, depth=4)



def _location(path: str, line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": path, "uriBaseId": "SRCROOT"}}
    if line is not None:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _fingerprint(entry: BaselineEntry) -> str:
    text = "\0".join((entry.rule, entry.importer, entry.imported, entry.statement))
    return hashlib.sha256(text.encode()).hexdigest()


def _violation(v: Violation, state: str, level: str, index: dict[str, int], at) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": v.rule,
        "ruleIndex": index[v.rule],
        "level": level,
        "baselineState": state,
        "message": {"text": f"{v.importer} -> {v.imported}: {v.statement}"},
        "locations": [_location(at(v.path), v.line)],
        "partialFingerprints": {"boundaryKey/v1": _fingerprint(v.key)},
    }
    if v.chain:
        result["relatedLocations"] = [
            {**_location(at(h.path), h.line), "id": i, "message": {"text": f"{h.importer} -> {h.imported}"}}
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
