"""Plain frozen data shared by the boundaries core, adapters and renderers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from .patterns import Pattern

Mode = Literal["direct", "transitive"]


@dataclass(frozen=True)
class Rule:
    """One rule: modules matching `source` may (allow) / may not (forbid) import targets."""

    id: str
    source: Pattern
    allow: tuple[Pattern, ...] = ()
    forbid: tuple[Pattern, ...] = ()
    mode: Mode = "direct"
    type_checking: bool = True
    strict: bool = False
    description: str = ""

    def summary(self) -> str:
        """Return a one-line description of what the rule says."""
        if self.description:
            return self.description
        parts = [f"{self.source.text}"]
        if self.forbid:
            parts.append("must not import " + ", ".join(p.text for p in self.forbid))
        if self.allow:
            parts.append(("except " if self.forbid else "may only import ") + ", ".join(p.text for p in self.allow))
        return " ".join(parts) + f" ({self.mode})"


@dataclass(frozen=True)
class BoundaryConfig:
    """The checked `[tool.refactor-tools.boundaries]` table."""

    rules: tuple[Rule, ...]
    exempt: tuple[Pattern, ...] = ()
    baseline: str = ".refactor-tools/boundaries-baseline.json"
    fingerprint: str = ""
    exclude: tuple[str, ...] = ()
    skipped_files: Literal["error", "warn"] = "error"


# One import statement: (line, inside `if TYPE_CHECKING:`). A plain tuple: a graph holds tens
# of thousands, built on every run after an edit.
Site = tuple[int, bool]


@dataclass(frozen=True)
class Graph:
    """The packages' import graph as plain data (absolute dotted names).

    `root` is the package that patterns are relative to; None when the project has several
    root packages, whose patterns name modules in full.
    """

    package: str
    modules: tuple[str, ...]
    files: dict[str, str]
    imports: dict[str, dict[str, tuple[Site, ...]]]  # targets sorted by name, sites by line; no self-imports
    root: str | None = None

    @cached_property
    def names(self) -> dict[str, str]:
        """Return module -> the name patterns see (relative to `root`, or in full)."""
        if self.root is None:
            return {m: m for m in self.modules}
        cut = len(self.root) + 1
        return {m: "" if m == self.root else m[cut:] for m in self.modules}


@dataclass(frozen=True, order=True)
class Hop:
    """One link of a chain, with the file and line of its import statement."""

    importer: str
    imported: str
    path: str
    line: int


@dataclass(frozen=True, order=True)
class BaselineEntry:
    """A known violation, keyed without line numbers."""

    rule: str
    importer: str
    imported: str
    statement: str


@dataclass(frozen=True, order=True)
class Violation:
    """A forbidden import (or chain of imports) found in the graph."""

    path: str
    line: int
    rule: str
    importer: str
    imported: str
    statement: str = ""
    chain: tuple[Hop, ...] = ()

    @property
    def key(self) -> BaselineEntry:
        """Return the baseline key of this violation."""
        return BaselineEntry(self.rule, self.importer, self.imported, self.statement)


@dataclass(frozen=True, order=True)
class Guard:
    """A file the check could not cover (kind `skipped-file` or `syntax-error`)."""

    path: str
    line: int
    kind: str
    message: str

    @property
    def key(self) -> GuardEntry:
        """Return the baseline key of this guard (no line: the file is what is known)."""
        return GuardEntry(self.kind, self.path)


@dataclass(frozen=True, order=True)
class GuardEntry:
    """A known guard in the baseline: this file is known not to be analysed."""

    kind: str
    path: str


@dataclass(frozen=True)
class BoundaryReport:
    """The result of one check: all violations split against the baseline."""

    package: str | tuple[str, ...]
    rules: tuple[Rule, ...]
    module_count: int
    violations: tuple[Violation, ...]
    new: tuple[Violation, ...]
    baselined: tuple[Violation, ...]
    stale: tuple[BaselineEntry, ...]
    guards: tuple[Guard, ...]
    baseline_path: str
    baseline_used: bool = True
    pruned: tuple[BaselineEntry, ...] = ()
    rejected: tuple[BaselineEntry, ...] = ()
    refused_growth: tuple[BaselineEntry, ...] = ()
    baseline_written: bool = False
    warnings: tuple[Guard, ...] = ()
    baselined_guards: tuple[Guard, ...] = ()
    stale_guards: tuple[GuardEntry, ...] = ()
    pruned_guards: tuple[GuardEntry, ...] = ()
    refused_guards: tuple[GuardEntry, ...] = ()
    project_dir: str = ""  # the project folder relative to the git root (github, SARIF paths)

    @property
    def ok(self) -> bool:
        """Return True when nothing fails: no new or stale entries, no failing guards."""
        return not (self.new or self.stale or self.guards or self.rejected or self.stale_guards)
