"""The end of every command's `--help`: examples, then the exit codes.

Kept in one table so each area's command module stays about options and calls. A command
added without an entry here fails `tests/cli/test_conventions.py`, which names this file.
Paragraphs start with click's no-rewrap marker (\\b) so the examples keep their lines.
"""

from __future__ import annotations

_GENERIC_CODES = ("0 ok", "1 the check ran and found problems", "2 usage or configuration error")

EXAMPLES: dict[str, tuple[str, ...]] = {
    "version": ("refactor-tools version",),
    "check-boundaries": (
        "refactor-tools check-boundaries",
        "refactor-tools check-boundaries --format github   # workflow annotations",
        "refactor-tools check-boundaries --update-baseline # after fixing some",
    ),
    "move": (
        "refactor-tools move plugins shared.plugins     # leaves a re-export shim",
        "refactor-tools move api.health shared.api.health --no-shim --dry-run",
    ),
    "remove-shims": ("refactor-tools remove-shims --dry-run", "refactor-tools remove-shims"),
    "export-specs": ("refactor-tools export-specs --out build", "refactor-tools export-specs --check"),
    "diff-specs": (
        "refactor-tools diff-specs          # against [tool.refactor-tools] baseline",
        "refactor-tools diff-specs --baseline main --format markdown --fail-on any",
        "refactor-tools diff-specs old/openapi.json openapi.json  # two files",
        "refactor-tools diff-specs published.json    # a file vs the working tree",
        "refactor-tools diff-specs v1.0 openapi.json --format sarif",
    ),
    "baseline": ("refactor-tools baseline", "refactor-tools baseline --tag pre-modular-baseline"),
    "run": (
        "refactor-tools run phase-1",
        "refactor-tools run phase-2 --dry-run     # print the diff, change nothing",
        "refactor-tools run --all",
    ),
    "status": ("refactor-tools status", "refactor-tools status --verify --format json"),
    "complete": ('refactor-tools complete 4 --note "done by hand: see PR 12"',),
    "demo": (
        "refactor-tools demo",
        "refactor-tools demo --until phase-1       # the first phases only",
        "refactor-tools demo --example sql         # the SQL monolith, its own plan",
        "refactor-tools demo --workdir /tmp/demo --format json",
    ),
    "graph": (
        "refactor-tools graph                        # mermaid, for a Markdown page",
        "refactor-tools graph --format html --out graph.html",
        "refactor-tools graph --focus modules.users --format dot",
    ),
    "report": ("refactor-tools report", "refactor-tools report --out build/report"),
    "init": (
        "refactor-tools init --dry-run     # print what would be written",
        "refactor-tools init --project backend",
    ),
    "config": ("refactor-tools config", "refactor-tools config --format json"),
}

EXIT_CODES: dict[str, tuple[str, ...]] = {
    "version": ("0 ok",),
    "check-boundaries": (
        "0 no new violation and no stale baseline entry",
        "1 violations, stale baseline entries or skipped files",
        "2 usage or configuration error",
    ),
    "move": ("0 moved (or the diff printed)", "2 usage or configuration error; nothing changed"),
    "remove-shims": ("0 shims removed (or the diff printed)", "2 usage or configuration error; nothing changed"),
    "export-specs": (
        "0 written (or, with --check, up to date)",
        "1 with --check: a file is missing or differs",
        "2 usage or configuration error",
        "3 a document could not be generated",
    ),
    "diff-specs": (
        "0 no difference at or above --fail-on",
        "1 differences at or above --fail-on",
        "2 usage or configuration error",
        "3 a document could not be generated",
    ),
    "baseline": ("0 baseline recorded", "1 the tests failed: nothing tagged", "2 usage or configuration error"),
    "run": (
        "0 the phase is done (or already was)",
        "1 a gate failed: the tree was restored",
        "2 usage or configuration error",
    ),
    "status": ("0 ok", "1 with --verify: the record and the repository disagree", "2 usage or configuration error"),
    "complete": ("0 recorded (or already done)", "2 usage or configuration error"),
    "demo": ("0 migrated: every gate and final check passed", "1 a phase or a final check failed", "2 usage error"),
    "graph": ("0 drawn", "2 usage or configuration error (svg: Graphviz not installed)"),
    "report": ("0 written (its path is printed)", "2 usage or configuration error"),
    "init": ("0 written (or printed with --dry-run)", "2 usage error, or the project already has the table"),
    "config": ("0 ok", "2 the configuration is invalid (every problem is listed)"),
}

ROOT_EPILOG = (
    "\b\nExamples:\n  refactor-tools init\n  refactor-tools check-boundaries\n  refactor-tools run phase-1\n\n"
    "\b\nExit codes:\n" + "\n".join(f"  {line}" for line in _GENERIC_CODES)
    + "\n  3 diff-specs, export-specs: a document could not be generated\n\n"
    "Run `refactor-tools COMMAND -h` for a command's options, examples and exit codes."
)


def epilog_for(command: str, existing: str | None = None) -> str:
    """Return the help epilog of `command`: its examples, its exit codes, then `existing`."""
    parts = []
    examples = EXAMPLES.get(command)
    if examples:
        parts.append("\b\nExamples:\n" + "\n".join(f"  {line}" for line in examples))
    codes = EXIT_CODES.get(command, _GENERIC_CODES)
    parts.append("\b\nExit codes:\n" + "\n".join(f"  {line}" for line in codes))
    if existing:
        parts.append(existing)
    return "\n\n".join(parts)
