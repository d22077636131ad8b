"""CLI commands of this area; see refactor_tools.cli for exit-code mapping."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""
