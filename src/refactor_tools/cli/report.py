"""CLI command `report`; see refactor_tools.cli for exit-code mapping."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""
    app.command("report")(report_command)


def report_command(
    project: Path = typer.Option(
        None, "--project", help="Project directory (default: found from the cwd)."
    ),
    out: Path = typer.Option(
        None,
        "--out",
        help="Folder for migration-report.html (default: .refactor-tools/report).",
    ),
) -> int:
    """Write one self-contained HTML page: phases and tasks, module graph before/now, violations."""
    from ..config import load_config
    from ..report import write_report

    path = write_report(load_config(project), out)
    typer.echo(str(path))
    return 0
