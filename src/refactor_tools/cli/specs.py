"""CLI commands of this area; see refactor_tools.cli for exit-code mapping."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .options import FailOn, SpecDiffFormat, TextJson

from ..errors import EXIT_OK, EXIT_PROBLEMS, UsageError

from .fast_specs import run_diff_specs


def _choice(value: str, choices: tuple[str, ...], option: str) -> str:
    if value not in choices:
        raise UsageError(f"{option} {value!r} is not one of: {', '.join(choices)}")
    return value


def register(app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @app.command("export-specs")
    def export_specs_cmd(
        out: Optional[Path] = typer.Option(  # noqa: UP045 - Typer reads the annotation
            None, "--out", help="Directory to write into (default: [specs] out, else the root)."
        ),
        check: bool = typer.Option(
            False, "--check", help="Write nothing; exit 1 when a file is missing or differs."
        ),
        fmt: TextJson = typer.Option(TextJson.text, "--format", help="Output format."),
        project: Optional[Path] = typer.Option(  # noqa: UP045
            None, "--project", help="Project directory (default: found from the cwd)."
        ),
    ) -> int:
        """Write openapi.json and asyncapi.json of the configured apps, byte-stable."""
        from ..config import load_config
        from ..specs import export_specs
        from ..specs.render import render_export

        fmt = _choice(TextJson(fmt).value, ("text", "json"), "--format")
        result = export_specs(load_config(project), out, check=check)
        typer.echo(render_export(result, fmt), nl=False)
        if not result.ok:
            print("error: the exported documents are out of date; run export-specs",
                  file=sys.stderr)
            return EXIT_PROBLEMS
        return EXIT_OK

    @app.command("diff-specs")
    def diff_specs_cmd(
        old: Optional[str] = typer.Argument(  # noqa: UP045
            None, metavar="OLD",
            help="Old side: a document file (an existing path, or *.json/*.yaml/*.yml) or a git "
                 "ref (default: --baseline, else the configured baseline).",
        ),
        new: Optional[str] = typer.Argument(  # noqa: UP045
            None, metavar="NEW",
            help="New side: a document file or a git ref (default: the working tree).",
        ),
        baseline: Optional[str] = typer.Option(  # noqa: UP045
            None, "--baseline", help="Git ref to compare with (default: the configured baseline)."
        ),
        fmt: SpecDiffFormat = typer.Option(SpecDiffFormat.text, "--format", help="Output format."),
        fail_on: FailOn = typer.Option(
            FailOn.breaking, "--fail-on",
            help="Exit 1 on: breaking (and unclassified), potentially-breaking, any, none.",
        ),
        no_cache: bool = typer.Option(
            False, "--no-cache", help="Regenerate the baseline documents even when cached."
        ),
        project: Optional[Path] = typer.Option(  # noqa: UP045
            None, "--project", help="Project directory (default: found from the cwd)."
        ),
    ) -> int:
        """Classify every OpenAPI/AsyncAPI difference from a git ref or a file as breaking or not.

        With no OLD/NEW, the baseline ref's documents are compared with the working tree's.
        OLD and NEW are each a document file or a git ref: a file is an existing path or a name
        ending in .json, .yaml or .yml (a missing one is an error, exit 2); anything else is a
        ref whose documents are generated. A file holds one document; only that kind is
        compared. Two files need no project.
        """
        return run_diff_specs(old, new, baseline, SpecDiffFormat(fmt).value, FailOn(fail_on).value,
                              no_cache, project)
