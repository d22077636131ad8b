"""The `refactor-tools` command line: thin Typer commands over the Python API.

This package is the one place that turns errors into exit codes: 0 ok, 1 the check ran and
found problems, 2 usage or configuration error. Commands return their exit code (an int);
each area registers its commands from its own module (the Typer application is in `typer_app`).

`check-boundaries` and `diff-specs` with plain options run without importing Typer (`fast`,
`fast_specs`): Typer's start-up would be most of a warm check (before every commit) or of a
warm spec diff.

Conventions every command follows (tests/cli holds them): `-h`/`--help`, an example and the
exit codes at the end of its help (`help_text.EXAMPLES`, `help_text.EXIT_CODES`), Enum choices
for `--format` (`options.py`), help printed as plain text so `[tool.refactor-tools]` stays
literal, and tables sized to the terminal.
"""

from __future__ import annotations

import sys

from ..errors import RefactorToolsError


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (also the process's, via the entry point)."""
    code = _fast_path(sys.argv[1:] if argv is None else list(argv))
    if code is None:
        from .typer_app import run

        code = run(argv)
    if argv is None:
        sys.exit(code)
    return code


def report_error(exc: RefactorToolsError) -> int:
    """Print a harness error for the user; return its exit code."""
    print(f"error: {exc.render()}", file=sys.stderr)
    return exc.exit_code


def _fast_path(args: list[str]) -> int | None:
    if args[:1] == ["check-boundaries"]:
        from .fast import parse_check_boundaries as parse
        from .fast import run_check_boundaries as command
    elif args[:1] == ["diff-specs"]:
        from .fast_specs import parse_diff_specs as parse
        from .fast_specs import run_diff_specs as command
    else:
        return None
    options = parse(args[1:])
    if options is None:
        return None  # --help, a bad option or value: Typer says it as usual
    try:
        return command(**options)
    except RefactorToolsError as exc:
        return report_error(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def __getattr__(name: str):
    # `from refactor_tools.cli import app` keeps working; Typer loads only when asked.
    if name == "app":
        from .typer_app import app as typer_application

        return typer_application
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
