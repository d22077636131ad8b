"""Plain data of the specs area: findings, the diff result, the export result."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

Severity = Literal["info", "non-breaking", "potentially-breaking", "breaking", "unclassified"]
Direction = Literal["request", "response", "none"]
Kind = Literal["openapi", "asyncapi"]

KINDS: tuple[str, ...] = ("openapi", "asyncapi")

# Verdict rank: an unclassified change could be anything, so it outranks the known
# non-breaking and potentially-breaking ones and only a known break outranks it.
SEVERITY_RANK: dict[str, int] = {
    "info": 1,
    "non-breaking": 1,
    "potentially-breaking": 2,
    "unclassified": 3,
    "breaking": 4,
}
VERDICTS: tuple[str, ...] = (
    "identical",
    "non-breaking",
    "potentially-breaking",
    "unclassified",
    "breaking",
)
FAIL_ON: dict[str, frozenset[str]] = {
    "breaking": frozenset({"breaking", "unclassified"}),
    "potentially-breaking": frozenset({"breaking", "unclassified", "potentially-breaking"}),
    "any": frozenset(SEVERITY_RANK),
    "none": frozenset(),
}


@dataclass(frozen=True, order=True)
class Finding:
    """One classified difference between two documents."""

    kind: str
    location: str
    rule: str
    severity: str
    direction: str
    message: str
    operation: str = ""  # e.g. "GET /items/{id}", as oasdiff names it; "" for the document

    def to_dict(self) -> dict[str, str]:
        """Return the finding as a JSON-ready dict."""
        return {
            "direction": self.direction,
            "kind": self.kind,
            "location": self.location,
            "message": self.message,
            "operation": self.operation,
            "rule": self.rule,
            "severity": self.severity,
        }


def verdict_of(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """Return the overall verdict: the worst severity, or "identical" when there is none."""
    if not findings:
        return "identical"
    worst = max(SEVERITY_RANK[f.severity] for f in findings)
    return {1: "non-breaking", 2: "potentially-breaking", 3: "unclassified", 4: "breaking"}[worst]


@dataclass(frozen=True)
class Position:
    """Where a finding's JSON pointer is in a document file: its path (URI) and line."""

    kind: str
    pointer: str
    uri: str
    line: int
    base: str = ""  # "SRCROOT": `uri` is relative to the git root; "": as given on the command line


WORKING_TREE = "working tree"


@dataclass(frozen=True)
class SpecDiff:
    """The comparison of the current documents with a baseline's.

    `baseline_ref` names the old side (a git ref or a document file), `current` the new side
    (the working tree, a ref or a file); `positions` place findings in the new side's files.
    """

    findings: tuple[Finding, ...]
    baseline_ref: str | None = None
    baseline_commit: str | None = None
    kinds: tuple[str, ...] = KINDS
    cached: bool = False
    current: str = WORKING_TREE
    positions: tuple[Position, ...] = ()

    @cached_property
    def _positions(self) -> dict[tuple[str, str], Position]:
        return {(p.kind, p.pointer): p for p in self.positions}

    def position(self, finding: Finding) -> Position | None:
        """Return where `finding` is in the new side's document file, if known."""
        return self._positions.get((finding.kind, finding.location))

    @property
    def verdict(self) -> str:
        """Return "identical", "non-breaking", "potentially-breaking", "unclassified" or "breaking"."""
        return verdict_of(self.findings)

    def counts(self) -> dict[str, int]:
        """Return the number of findings per severity (every severity, sorted)."""
        counts = dict.fromkeys(sorted(SEVERITY_RANK), 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def fails(self, fail_on: str) -> bool:
        """Return True when a finding's severity is one the `fail_on` policy rejects."""
        rejected = FAIL_ON[fail_on]
        return any(f.severity in rejected for f in self.findings)


@dataclass(frozen=True)
class ExportedFile:
    """One document file of an export: where, and what happened to it."""

    kind: str
    path: Path
    status: Literal["written", "unchanged", "differs", "missing"]


@dataclass(frozen=True)
class ExportResult:
    """What `export_specs` wrote or, with `check`, found."""

    files: tuple[ExportedFile, ...] = field(default_factory=tuple)
    check: bool = False

    @property
    def ok(self) -> bool:
        """Return True unless a checked file is missing or differs."""
        return all(f.status in ("written", "unchanged") for f in self.files)
