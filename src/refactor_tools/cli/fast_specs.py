"""`diff-specs` without Typer: the command's work, and a parser for its well-formed options.

A warm `diff-specs` (baseline documents cached) is mostly start-up: Typer and the pydantic it
imports cost more than comparing two documents. `main` tries `parse_diff_specs` first; it
accepts only the command's own options and at most two arguments, and returns None for
anything else (`--help`, an unknown option or value), so Typer handles those with its usual
messages. The Typer command calls `run_diff_specs` too: one behaviour, two front doors.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .fast import scan_options

FAIL_ON_CHOICES = ("breaking", "potentially-breaking", "any", "none")
FORMAT_CHOICES = ("text", "json", "markdown", "github", "sarif", "junit")
_VALUES = {"--baseline": "baseline", "--format": "fmt", "--fail-on": "fail_on", "--project": "project"}


def parse_diff_specs(args: list[str]) -> dict | None:
    """Return the options of `diff-specs ARGS`, or None when Typer should parse them."""
    options: dict = {"old": None, "new": None, "baseline": None, "fmt": "text",
                     "fail_on": "breaking", "no_cache": False, "project": None}
    positional = scan_options(args, {"--no-cache": "no_cache"}, _VALUES, options, max_positional=2)
    if positional is None:
        return None
    if options["fmt"] not in FORMAT_CHOICES:
        return None
    if options["fail_on"] not in FAIL_ON_CHOICES:
        return None
    options["old"], options["new"] = (positional + [None, None])[:2]
    if options["project"] is not None:
        options["project"] = Path(options["project"])
    return options


def run_diff_specs(old: str | None, new: str | None, baseline: str | None, fmt: str,
                   fail_on: str, no_cache: bool, project: Path | None) -> int:
    """Compare, print the report, return the exit code (0 ok, 1 rejected findings).

    Raises:
        RefactorToolsError: usage or configuration (exit 2), generation (exit 3).
    """
    from ..errors import EXIT_OK, EXIT_PROBLEMS, UsageError

    if fmt not in FORMAT_CHOICES:
        raise UsageError(f"--format {fmt!r} is not one of: {', '.join(FORMAT_CHOICES)}")
    if fail_on not in FAIL_ON_CHOICES:
        raise UsageError(f"--fail-on {fail_on!r} is not one of: {', '.join(FAIL_ON_CHOICES)}")
    if old is not None and baseline is not None:
        raise UsageError(f"the old side is given twice: {old!r} and --baseline {baseline!r}",
                         hint="pass either OLD or --baseline REF")
    from ..specs.api import diff_sides, diff_specs

    locate = fmt == "sarif"
    if old is None:
        from ..config import load_config

        diff = diff_specs(load_config(project), baseline, use_cache=not no_cache, locate=locate)
    else:
        diff = diff_sides(old, new, config=_maybe_config(project, old, new),
                          use_cache=not no_cache, locate=locate)
    from ..specs.render import render

    sys.stdout.write(render(diff, fmt, fail_on))
    sys.stdout.flush()
    if diff.cached:
        print(f"baseline documents of {diff.baseline_commit} read from the cache", file=sys.stderr)
    return EXIT_PROBLEMS if diff.fails(fail_on) else EXIT_OK


def _maybe_config(project: Path | None, old: str, new: str | None):
    """Load the project unless both sides are document files (those need none)."""
    from ..specs.documents import looks_like_file

    if new is not None and looks_like_file(old) and looks_like_file(new):
        return None
    from ..config import load_config

    return load_config(project)
