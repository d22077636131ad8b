"""CLI commands of this area; see refactor_tools.cli for exit-code mapping."""

from __future__ import annotations

from pathlib import Path

import typer

from .options import BoundariesFormat

FORMAT_HELP = "Output format: text, json, github (workflow annotations) or sarif (2.1.0)."


def register(app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""
    app.command("check-boundaries")(check_boundaries_command)


def check_boundaries_command(
    project: Path = typer.Option(None, "--project", help="Project directory (default: found from the cwd)."),
    fmt: BoundariesFormat = typer.Option(BoundariesFormat.text, "--format", "-f", help=FORMAT_HELP),
    no_baseline: bool = typer.Option(False, "--no-baseline", help="Ignore the baseline: every violation is new."),
    update_baseline: bool = typer.Option(False, "--update-baseline", help="Rewrite the baseline (only shrinks)."),
    prune: bool = typer.Option(False, "--prune", help="Remove stale entries from the baseline instead of failing."),
    allow_growth: bool = typer.Option(False, "--allow-growth", help="Let --update-baseline add entries."),
    max_details: int = typer.Option(200, "--max-details", min=0, help="List at most N items in text/github."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the result cache."),
) -> int:
    """Check the import-boundary rules of the tool.refactor-tools.boundaries table."""
    from .fast import run_check_boundaries

    fmt = BoundariesFormat(fmt).value
    return run_check_boundaries(project, fmt, no_baseline, update_baseline, prune, allow_growth, max_details, no_cache)
