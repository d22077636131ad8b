"""Import-boundary rules over the grimp graph, with a baseline that only shrinks.

Public API: `check_boundaries`, `render`, `assert_boundaries` and the report dataclasses.
"""

from __future__ import annotations

from pathlib import Path

from .check import check_boundaries
from .model import BaselineEntry, BoundaryReport, Guard, Hop, Rule, Violation
from .render import FORMATS, render


def assert_boundaries(root: str | Path = ".", *, baseline: str = "use", cache: bool = True) -> BoundaryReport:
    """Check the project at `root`; raise AssertionError with the text report on failure.

    For a project's own test suite: `def test_boundaries(): assert_boundaries()`.
    """
    from ..config import load_config

    report = check_boundaries(load_config(Path(root)), baseline=baseline, cache=cache)  # type: ignore[arg-type]
    if not report.ok:
        raise AssertionError(render(report, "text"))
    return report


__all__ = [
    "FORMATS",
    "BaselineEntry",
    "BoundaryReport",
    "Guard",
    "Hop",
    "Rule",
    "Violation",
    "assert_boundaries",
    "check_boundaries",
    "render",
]
