"""Import-boundary rules over the project's import graph, with a baseline that only shrinks.

Public API: `check_boundaries`, `render`, `assert_boundaries` and the report dataclasses.

Configuration (pyproject.toml; patterns are dotted names relative to the root package,
`*` one segment, `**` any number, `{m}` a capture; a capture that `from` does not bind
matches any segment except the bound ones, so `{other}` never equals `{m}`):

    [tool.refactor-tools]
    package = "app"                           # or ["app", "scripts"]: patterns then name
                                              # modules in full ("app.modules.**")
    [tool.refactor-tools.boundaries]
    exempt = ["main", "app_factory"]          # never reported as importers
    baseline = ".refactor-tools/boundaries-baseline.json"
    exclude = ["alembic/**"]                  # path globs (from the project or a root package's
                                              # folder): not analysed, no guard
    skipped-files = "error"                   # or "warn": files the graph cannot hold (no
                                              # __init__.py, a name that is not an identifier,
                                              # a syntax error) are listed without failing

    [[tool.refactor-tools.boundaries.rules]]
    id = "module-siblings"
    from = "modules.{m}.**"
    forbid = ["modules.{other}.**"]           # and/or allow = [...]: only these
    mode = "direct"                           # or "transitive": one chain per pair
    type_checking = true                      # false: ignore `if TYPE_CHECKING:` imports
    strict = false                            # true: no baseline entries allowed

A re-export shim left by `refactor-tools move --shim` is an alias: importing the old path
counts as importing the new module. A pattern or exclude glob that matches nothing is a
configuration error; its hint names the likely move (a shim, a rename git recorded, a module
of the same name). Guards can be recorded in the baseline like violations
(`--update-baseline --allow-growth`). github and SARIF paths are relative to the git root.

Caches live in `.refactor-tools/cache/` (which ignores itself for git); the baseline does not.
Each file's imports are cached by content hash: an edit costs one file's parse.
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
