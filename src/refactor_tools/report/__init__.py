"""The migration report: one self-contained HTML page for a plan's progress.

Public API: `write_report(config, out_dir=None) -> Path` (what `run`/`demo` call at the end),
`collect_report(config) -> MigrationReport` and `render_report(report) -> str`.
"""

from __future__ import annotations

from pathlib import Path

from ..config import ProjectConfig
from .model import GraphSide, MigrationReport, Point, TaskEntry

REPORT_FILE = "migration-report.html"
DEFAULT_DIR = ".refactor-tools/report"


def collect_report(config: ProjectConfig) -> MigrationReport:
    """Return the report's data (see `refactor_tools.report.collect`)."""
    from .collect import collect_report as collect

    return collect(config)


def render_report(report: MigrationReport) -> str:
    """Return the report page as HTML text (deterministic)."""
    from .page import to_html

    return to_html(report)


def write_report(config: ProjectConfig, out_dir: Path | str | None = None) -> Path:
    """Write `migration-report.html` and return its path.

    Args:
        config: the project.
        out_dir: the folder to write to (created); default `.refactor-tools/report/` in the
            project, which ignores itself for git so the tree stays clean for the next run.

    Raises:
        ConfigError: no plan or progress configured, or not a git repository.
    """
    from ..fileio import write_atomic

    html = render_report(collect_report(config))
    if out_dir is None:
        folder = config.root / DEFAULT_DIR
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(
            folder / ".gitignore", "# Written by refactor-tools: generated report.\n*\n"
        )
    else:
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
    target = folder / REPORT_FILE
    write_atomic(target, html)
    return target


__all__ = [
    "GraphSide",
    "MigrationReport",
    "Point",
    "TaskEntry",
    "collect_report",
    "render_report",
    "write_report",
]
