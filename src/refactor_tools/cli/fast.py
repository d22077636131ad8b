"""`check-boundaries` without Typer: the pre-commit path, where start-up is most of the time.

Typer (and the pydantic it imports for argument coercion) costs more than a warm check
itself. `main` tries this parser first; it accepts only the command's own, well-formed
options and returns None for anything else (`--help`, an unknown option, a bad value), so
Typer handles every such case with its usual messages. Nothing here imports Typer.
"""

from __future__ import annotations

import sys
from pathlib import Path

FORMATS = ("text", "json", "github", "sarif")
_FLAGS = {
    "--no-baseline": "no_baseline",
    "--update-baseline": "update_baseline",
    "--prune": "prune",
    "--allow-growth": "allow_growth",
    "--no-cache": "no_cache",
}
_VALUES = {"--project": "project", "--format": "fmt", "-f": "fmt", "--max-details": "max_details"}


def scan_options(args: list[str], flags: dict[str, str], values: dict[str, str],
                 options: dict, max_positional: int = 0) -> list[str] | None:
    """Read well-formed `args` into `options` (flags set True, values stored by their name).

    Returns:
        The positional arguments, or None when Typer should parse `args` instead: an unknown
        option, a flag given a value, an option without its value, or too many positionals.
    """
    positional: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        name, _, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in flags and not inline:
            options[flags[name]] = True
        elif name in values:
            if inline:
                value = inline
            elif index + 1 < len(args):
                index += 1
                value = args[index]
            else:
                return None
            options[values[name]] = value
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            positional.append(arg)
        index += 1
    return positional if len(positional) <= max_positional else None


def parse_check_boundaries(args: list[str]) -> dict | None:
    """Return the options of `check-boundaries ARGS`, or None when Typer should parse them."""
    options: dict = {"project": None, "fmt": "text", "max_details": 200, **{name: False for name in _FLAGS.values()}}
    if scan_options(args, _FLAGS, _VALUES, options) is None:
        return None
    if options["fmt"] not in FORMATS:
        return None
    try:
        options["max_details"] = int(options["max_details"])
    except ValueError:
        return None
    if options["max_details"] < 0:
        return None
    if options["project"] is not None:
        options["project"] = Path(options["project"])
    return options


def run_check_boundaries(
    project: Path | None,
    fmt: str,
    no_baseline: bool,
    update_baseline: bool,
    prune: bool,
    allow_growth: bool,
    max_details: int,
    no_cache: bool,
) -> int:
    """Run the check and print the report; return the exit code (0 ok, 1 problems).

    Raises:
        RefactorToolsError: a usage or configuration error (the caller maps it to exit 2).
    """
    from ..boundaries import FORMATS as known
    from ..boundaries import check_boundaries, render
    from ..config import load_config
    from ..errors import UsageError

    if fmt not in known:
        raise UsageError(f"unknown --format {fmt!r}", hint=f"choose one of: {', '.join(known)}")
    if allow_growth and not update_baseline:
        raise UsageError("--allow-growth only applies with --update-baseline")
    report = check_boundaries(
        load_config(project),
        baseline="ignore" if no_baseline else "use",
        prune=prune,
        update_baseline=update_baseline,
        allow_growth=allow_growth,
        cache=not no_cache,
    )
    sys.stdout.write(render(report, fmt, max_details=max_details))
    sys.stdout.flush()
    return 0 if report.ok else 1
