"""CLI commands of this area; see refactor_tools.cli for exit-code mapping."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .options import FailOn, SpecDiffFormat, TextJson

from ..errors import EXIT_OK, EXIT_PROBLEMS, UsageError

FAIL_ON_CHOICES = ("breaking", "potentially-breaking", "any", "none")
FORMAT_CHOICES = ("text", "json", "markdown", "github", "sarif", "junit")


def _choice(value: str, choices: tuple[str, ...], option: str) -> str:
    if value not in choices:
        raise UsageError(f"{option} {value!r} is not one of: {', '.join(choices)}")
    return value


def _maybe_config(project: Path | None, old: str, new: str | None):
    """Load the project unless both sides are document files (those need none)."""
    from ..specs.documents import looks_like_file

    if new is not None and looks_like_file(old) and looks_like_file(new):
        return None
    from ..config import load_config

    return load_config(project)


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
        from ..specs import render
        from ..specs.api import diff_sides, diff_specs

        fmt = _choice(SpecDiffFormat(fmt).value, FORMAT_CHOICES, "--format")
        fail_on = _choice(FailOn(fail_on).value, FAIL_ON_CHOICES, "--fail-on")
        locate = fmt == "sarif"
        if old is not None and baseline is not None:
            raise UsageError(f"the old side is given twice: {old!r} and --baseline {baseline!r}",
                             hint="pass either OLD or --baseline REF")
        if old is None:
            from ..config import load_config

            diff = diff_specs(load_config(project), baseline, use_cache=not no_cache, locate=locate)
        else:
            diff = diff_sides(old, new, config=_maybe_config(project, old, new),
                              use_cache=not no_cache, locate=locate)
        typer.echo(render(diff, fmt, fail_on), nl=False)
        if diff.cached:
            print(f"baseline documents of {diff.baseline_commit} read from the cache",
                  file=sys.stderr)
        return EXIT_PROBLEMS if diff.fails(fail_on) else EXIT_OK
