"""The `record-boundaries-baseline` codemod: accept today's import violations as known.

A migration adopts import rules while the code still breaks them: this records every current
violation in the boundaries baseline (growth allowed, this once), so later gates fail only on
new violations and the baseline can only shrink from here on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..codemod_result import CodemodResult
from ..config import load_config
from ..errors import ProblemsFound


@dataclass(frozen=True)
class RecordBaselineResult:
    """The baseline file written and how many violations it now holds."""

    changed_paths: tuple[str, ...]
    entries: int

    def summary(self) -> str:
        """Return a one-line description."""
        return f"recorded {self.entries} known violation(s) in the boundaries baseline"


def run_action(config: Any, options: dict[str, Any], dry_run: bool = False) -> RecordBaselineResult:
    """Plan-action entry point; reads the configuration afresh (earlier actions may set it)."""
    from ..boundaries import check_boundaries

    fresh = load_config(config.root)
    if dry_run:
        report = check_boundaries(fresh, baseline="ignore", cache=False)
        return RecordBaselineResult((), len(report.violations))
    report = check_boundaries(fresh, update_baseline=True, allow_growth=True, cache=False)
    if report.guards:
        listed = "; ".join(str(guard) for guard in report.guards)
        raise ProblemsFound(f"the import graph misses files, fix them first: {listed}")
    written = (report.baseline_path,) if report.baseline_written else ()
    return RecordBaselineResult(written, len(report.violations))


def codemod(config: Any, options: dict[str, Any], dry_run: bool = False) -> CodemodResult:
    """The registered `record-boundaries-baseline` codemod: `run_action` as the one result type."""
    result = run_action(config, options, dry_run)
    return CodemodResult(result.summary(), tuple(sorted(result.changed_paths)))
