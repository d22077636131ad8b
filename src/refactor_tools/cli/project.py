"""`refactor-tools init` and `refactor-tools config`: a project's configuration."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .options import TextJson


def register(app: typer.Typer) -> None:
    """Add the configuration commands to the CLI."""

    @app.command("init")
    def init_cmd(
        project: Optional[Path] = typer.Option(  # noqa: UP045 - Typer reads the annotation
            None, "--project", help="Where to look (default: the cwd); the backend may be one folder below."
        ),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be written; write nothing."),
    ) -> int:
        """Inspect a FastAPI project and write [tool.refactor-tools] and a starter plan."""
        from ..init import describe, init_project

        result = init_project(project or Path.cwd(), dry_run=dry_run)
        for line in describe(result):
            print(line, file=sys.stderr)
        if dry_run:
            for written in result.files:
                typer.echo(f"# --- {written.path} ({written.action})\n{written.text.lstrip(chr(10))}")
        return 0

    @app.command("config")
    def config_cmd(
        project: Optional[Path] = typer.Option(  # noqa: UP045
            None, "--project", help="Project directory (default: found from the cwd)."
        ),
        fmt: TextJson = typer.Option(TextJson.text, "--format", help="Output format."),
        schema: bool = typer.Option(False, "--schema", help="Print the JSON schema of [tool.refactor-tools]."),
    ) -> int:
        """Print the effective [tool.refactor-tools] configuration and where each value came from."""
        if schema:
            import json

            from ..schema import json_schema

            typer.echo(json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False))
            return 0
        from ..effective import effective_config, to_json, to_text

        effective = effective_config(project)
        typer.echo(to_json(effective) if TextJson(fmt) is TextJson.json else to_text(effective), nl=False)
        return 0
