"""CLI commands of this area; see refactor_tools.cli for exit-code mapping."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .options import TextJson


OutputFormat = TextJson

ProjectOpt = Annotated[
    Path | None, typer.Option("--project", help="Project directory (default: found from cwd).")
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Print the unified diff; change nothing.")]


def register(app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @app.command("move")
    def move_command(
        old: Annotated[
            str,
            typer.Argument(help="Module or package to move (e.g. plugins), or symbols: crud:create_item,update_item."),
        ],
        new: Annotated[str, typer.Argument(help="Its new dotted name (e.g. shared.plugins).")],
        shim: Annotated[
            bool, typer.Option("--shim/--no-shim", help="Leave a deprecation shim at OLD.")
        ] = True,
        with_data: Annotated[
            bool,
            typer.Option("--with-data/--without-data", help="Carry the data files a module reads beside itself."),
        ] = True,
        allow_dirty: Annotated[
            bool, typer.Option("--allow-dirty", help="Write to files with uncommitted changes too.")
        ] = False,
        dry_run: DryRunOpt = False,
        project: ProjectOpt = None,
        output: FormatOpt = OutputFormat.text,
    ) -> int:
        """Move a module, a package or top-level symbols and rewrite every reference."""
        from ..codemods import move
        from ..codemods.render import left_for_user, move_text, to_json
        from ..config import load_config

        result = move(
            load_config(project), old, new, shim=shim, dry_run=dry_run, with_data=with_data, allow_dirty=allow_dirty
        )
        sys.stdout.write(to_json(result) if output is OutputFormat.json else move_text(result))
        if dry_run and output is OutputFormat.text:
            sys.stderr.write(left_for_user(result.references))
        return 0

    @app.command("remove-shims")
    def remove_shims_command(
        dry_run: DryRunOpt = False,
        project: ProjectOpt = None,
        output: FormatOpt = OutputFormat.text,
    ) -> int:
        """Point remaining importers at the new paths, then delete the shims."""
        from ..codemods import remove_shims
        from ..codemods.render import left_for_user, remove_shims_text, to_json
        from ..config import load_config

        result = remove_shims(load_config(project), dry_run=dry_run)
        out = to_json(result) if output is OutputFormat.json else remove_shims_text(result)
        sys.stdout.write(out)
        if dry_run and output is OutputFormat.text:
            sys.stderr.write(left_for_user(result.references))
        return 0
