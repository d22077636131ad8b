"""SARIF 2.1.0 and JUnit XML renderings of a SpecDiff, for code scanning and CI test reports.

SARIF: one rule per finding kind (the rule id, e.g. `path-removed`), one result per finding,
located at its line in the new side's document file (generated documents: where export-specs
writes them, relative to the git root, `SRCROOT`) with the operation and the JSON pointer as
its logical location. JUnit: one test suite per document, one test case per finding kind;
a case fails when the `--fail-on` policy rejects one of its findings (by default: breaking and
unclassified); a document without findings has one passing case, `identical`.
"""

from __future__ import annotations

import hashlib
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .. import __version__
from ..adapters.state import dumps_json
from .model import FAIL_ON, SEVERITY_RANK, Finding, SpecDiff

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {
    "breaking": "error",
    "unclassified": "warning",
    "potentially-breaking": "warning",
    "non-breaking": "note",
    "info": "note",
}
# Worst first: the same order as the text report.
_ORDER = ("breaking", "unclassified", "potentially-breaking", "non-breaking", "info")


def _worst(findings: list[Finding]) -> str:
    return min((f.severity for f in findings), key=_ORDER.index)


def _ordered(findings) -> list[Finding]:
    return sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], _ORDER.index(f.severity), f))


def _line(f: Finding) -> str:
    operation = f"{f.operation}: " if f.operation else ""
    return (f"{f.kind}:{f.location or '/'}: [{f.rule}] {f.severity} ({f.direction}): "
            f"{operation}{f.message}")


def _fingerprint(f: Finding) -> str:
    text = "\0".join((f.kind, f.location, f.rule, f.message))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_sarif(diff: SpecDiff) -> str:
    """Return the diff as a SARIF 2.1.0 log (byte-stable)."""
    by_rule: dict[str, list[Finding]] = {}
    for f in diff.findings:
        by_rule.setdefault(f.rule, []).append(f)
    rules = []
    for rule in sorted(by_rule):
        worst = _worst(by_rule[rule])
        rules.append({
            "id": rule,
            "name": rule,
            "shortDescription": {"text": f"{rule.replace('-', ' ')} ({worst} at worst)"},
            "defaultConfiguration": {"level": _LEVEL[worst]},
            "properties": {"severity": worst},
        })
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [_result(f, diff, index) for f in _ordered(diff.findings)]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "refactor-tools diff-specs", "version": __version__,
                            "rules": rules}},
        "originalUriBaseIds": {"SRCROOT": {"description": {"text": "The root of the git repository."}}},
        "columnKind": "unicodeCodePoints",
        "properties": {
            "baseline": diff.baseline_ref,
            "baselineCommit": diff.baseline_commit,
            "current": diff.current,
            "verdict": diff.verdict,
        },
        "results": results,
    }
    return dumps_json({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]})


def _result(f: Finding, diff: SpecDiff, index: dict[str, int]) -> dict[str, Any]:
    logical = {"name": f.operation or (f.location or "/"), "fullyQualifiedName": f"{f.kind}:{f.location or '/'}",
               "kind": "member"}
    location: dict[str, Any] = {"logicalLocations": [logical]}
    pos = diff.position(f)
    if pos is not None:
        artifact = {"uri": pos.uri}
        if pos.base:
            artifact["uriBaseId"] = pos.base
        location["physicalLocation"] = {"artifactLocation": artifact, "region": {"startLine": pos.line}}
    operation = f"{f.operation}: " if f.operation else ""
    return {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": _LEVEL[f.severity],
        "message": {"text": f"{operation}{f.message} ({f.severity}, {f.direction})"},
        "locations": [location],
        "partialFingerprints": {"specFinding/v1": _fingerprint(f)},
        "properties": {"direction": f.direction, "document": f.kind, "operation": f.operation,
                       "pointer": f.location, "severity": f.severity},
    }


def render_junit(diff: SpecDiff, fail_on: str = "breaking") -> str:
    """Return JUnit XML: a suite per document, a case per finding kind, failures per `fail_on`."""
    rejected = FAIL_ON[fail_on]
    suites = []
    total = failures = 0
    for kind in diff.kinds:
        found = [f for f in diff.findings if f.kind == kind]
        by_rule: dict[str, list[Finding]] = {}
        for f in found:
            by_rule.setdefault(f.rule, []).append(f)
        cases = []
        failed = 0
        for rule in sorted(by_rule):
            items = _ordered(by_rule[rule])
            counts = ", ".join(f"{n} {s}" for s in _ORDER
                               if (n := sum(1 for f in items if f.severity == s)))
            body = escape("\n".join(_line(f) for f in items))
            name = f"classname={quoteattr(f'diff-specs.{kind}')} name={quoteattr(rule)}"
            if any(f.severity in rejected for f in items):
                failed += 1
                worst = _worst(items)
                cases.append(f"    <testcase {name}>\n      <failure type={quoteattr(worst)} "
                             f"message={quoteattr(counts)}>{body}</failure>\n    </testcase>")
            else:
                cases.append(f"    <testcase {name}>\n      <system-out>{body}</system-out>\n"
                             f"    </testcase>")
        if not cases:
            cases.append(f"    <testcase classname={quoteattr(f'diff-specs.{kind}')} name=\"identical\"/>")
        total += len(cases)
        failures += failed
        props = "".join(
            f"\n      <property name={quoteattr(k)} value={quoteattr(v or '')}/>"
            for k, v in (("baseline", diff.baseline_ref), ("baseline-commit", diff.baseline_commit),
                         ("current", diff.current), ("fail-on", fail_on)))
        suites.append(f"  <testsuite name={quoteattr(kind)} tests=\"{len(cases)}\" failures=\"{failed}\" "
                      f"errors=\"0\" skipped=\"0\">\n    <properties>{props}\n    </properties>\n"
                      + "\n".join(cases) + "\n  </testsuite>")
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="diff-specs" tests="{total}" '
            f'failures="{failures}" errors="0">')
    return "\n".join([head, *suites, "</testsuites>"]) + "\n"
