"""`refactor-tools init`: inspect a FastAPI project and write its first configuration and plan.

Public API:
    init_project(start, dry_run=False) -> InitResult
        Finds the project at or one folder below `start`, appends a commented
        `[tool.refactor-tools]` table to its pyproject.toml (creating the file if needed), and
        writes a starter plan (one module per router file) with its progress document.
        Everything written is checked first: the table against the schema, the plan by the
        driver's own loader. Nothing is overwritten.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..fileio import write_atomic
from ..schema import validate_table
from .inspect import ProjectLayout, inspect_project
from .render import PLAN, PROGRESS, render_plan, render_table


@dataclass(frozen=True)
class WrittenFile:
    """One file init writes: its path (relative to the project), how, and the text added."""

    path: str
    action: str  # "append" or "create"
    text: str


@dataclass(frozen=True)
class InitResult:
    """The inspected layout and the files written (or, with dry_run, that would be)."""

    layout: ProjectLayout
    files: tuple[WrittenFile, ...]
    dry_run: bool


def init_project(start: Path, *, dry_run: bool = False) -> InitResult:
    """Inspect the project and write its table, plan and progress document.

    Raises:
        UsageError: no FastAPI project found, the table already exists, or a plan file exists.
    """
    from ..driver.plan import parse_plan
    from ..driver.progress import document_for, render_section

    layout = inspect_project(Path(start))
    pyproject = layout.root / "pyproject.toml"
    existing = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else ""
    if existing:
        try:
            data = tomllib.loads(existing)
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"{pyproject}: invalid TOML: {exc}", hint="fix the file, then run init again") from None
        if "refactor-tools" in data.get("tool", {}):
            raise UsageError(
                f"{pyproject} already has a [tool.refactor-tools] table",
                hint="`refactor-tools config` shows it; remove the table to start over",
            )
    for name in (PLAN, PROGRESS):
        if (layout.root / name).exists():
            raise UsageError(f"{layout.root / name} already exists", hint="move it away, or keep it and skip init")
    table = render_table(layout)
    validate_table(tomllib.loads(table)["tool"]["refactor-tools"], pyproject)
    plan_text = render_plan(layout)
    plan = parse_plan(plan_text, PLAN)
    progress = document_for(plan) + render_section(plan, {})
    separator = "" if not existing else ("\n" if existing.endswith("\n") else "\n\n")
    files = (
        WrittenFile("pyproject.toml", "append" if existing else "create", separator + table),
        WrittenFile(PLAN, "create", plan_text),
        WrittenFile(PROGRESS, "create", progress),
    )
    if not dry_run:
        _write(layout.root, files, existing)
    return InitResult(layout, files, dry_run)


def _write(root: Path, files: tuple[WrittenFile, ...], existing: str) -> None:
    # The new files first, pyproject.toml last; on any failure remove what was created.
    created: list[Path] = []
    try:
        for written in files[1:]:
            target = root / written.path
            write_atomic(target, written.text)
            created.append(target)
        write_atomic(root / "pyproject.toml", existing + files[0].text)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise


def describe(result: InitResult) -> list[str]:
    """Return the lines that tell the user what was found and written."""
    layout = result.layout
    where = layout.root.relative_to(layout.repository).as_posix() if layout.root != layout.repository else "."
    lines = [
        f"project: {where} (package {layout.package!r} in {layout.source!r})",
        "apps: " + (", ".join(f"{a.ref} ({a.kind})" for a in layout.apps) or "none"),
        f"routers: {len(layout.routers)} file(s)" + (f": {', '.join(layout.routers)}" if layout.routers else ""),
        f"tests: {layout.tests or 'none found'}; alembic: {layout.alembic or 'none'}; "
        f"data: {', '.join(layout.data) or 'none'}",
    ]
    verb = "would write" if result.dry_run else "wrote"
    lines += [f"{verb}: {f.path} ({f.action})" for f in result.files]
    if not result.dry_run:
        lines.append("next: review the plan, commit, then `refactor-tools run phase-0` (records the baseline)")
    return lines
