"""Named codemods for plan `codemod` actions: name -> callable(config, options, dry_run) -> CodemodResult.

Each entry turns its codemod's own result into the one `CodemodResult` the driver records.
"""

from __future__ import annotations

from typing import Any

from ..codemod_result import CodemodResult


def _changed_summary(name: str, changed: tuple[str, ...]) -> str:
    return f"codemod {name}: {len(changed)} file(s) changed" if changed else f"codemod {name}"


def record_boundaries_baseline(config: Any, options: dict[str, Any], dry_run: bool = False) -> CodemodResult:
    """Accept today's import violations as known (see `record_baseline`)."""
    from .record_baseline import run_action

    result = run_action(config, options, dry_run)
    return CodemodResult(result.summary(), tuple(sorted(result.changed_paths)))


def move_files(config: Any, options: dict[str, Any], dry_run: bool = False) -> CodemodResult:
    """Move files nobody imports (see `move_files`)."""
    from .move_files import run_action

    result = run_action(config, options, dry_run)
    changed = tuple(sorted({p for pair in result.moved for p in pair}))
    return CodemodResult(_changed_summary("move-files", changed), changed)


def tests_use_fixtures(config: Any, options: dict[str, Any], dry_run: bool = False) -> CodemodResult:
    """Rewrite tests that import the global app into tests that take fixtures."""
    from ..codemods.tests_use_fixtures import run_action

    result = run_action(config, options, dry_run)
    changed = tuple(sorted(set(result.changed_paths)))
    return CodemodResult(_changed_summary("tests-use-fixtures", changed), changed,
                         left_as_is=tuple(str(x) for x in result.unrewritable))


CODEMODS = {
    "record-boundaries-baseline": record_boundaries_baseline,
    "move-files": move_files,
    "tests-use-fixtures": tests_use_fixtures,
}
