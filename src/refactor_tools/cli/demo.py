"""`refactor-tools demo`: run the whole migration of a bundled legacy example (or a project)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typer

from .options import TextJson


def register(app: typer.Typer) -> None:
    """Add the demo command to the CLI."""

    @app.command("demo")
    def demo(
        workdir: Path | None = typer.Option(
            None, "--workdir", help="New or empty directory for the demo repository (default: a fresh temp dir)."
        ),
        example: str | None = typer.Option(
            None, "--example",
            help="A bundled example (trading, the default, also called legacy; sql) or the path of a project.",
        ),
        plans: Path | None = typer.Option(None, "--plans", help="The plans directory to copy."),
        fmt: TextJson = typer.Option(TextJson.text, "--format", help="Output format."),
        until: str | None = typer.Option(
            None, "--until", help="Stop after this phase, e.g. phase-1 (the final checks need every phase)."
        ),
        lookahead: bool | None = typer.Option(
            None, "--lookahead/--no-lookahead",
            help="Run each next task's tests stage in a worktree meanwhile (default: on for a bundled example, "
                 "else the project's [tool.refactor-tools.driver] lookahead).",
        ),
    ) -> int:
        """Copy a legacy example into a fresh git repo and run every phase of its plan."""
        from rich.console import Console
        from rich.markup import escape

        from ..adapters.state import dumps_json
        from ..driver.live import LiveReporter
        from .driver import write_run_report
        from ..errors import UsageError
        from ..driver import demo as demo_api

        fmt = TextJson(fmt).value
        if fmt not in ("text", "json"):
            raise UsageError(f"unknown format {fmt!r}", hint="use --format text or --format json")
        source, plans_dir, _ = demo_api.resolve_example(example, plans)  # a bad name: exit 2 first
        target = workdir or Path(tempfile.mkdtemp(prefix="refactor-tools-demo-"))
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        console.print(f"[bold]demo[/]: migrating {escape(source.name)} in {escape(str(target))}")
        result = demo_api.run_demo(target, example, plans_dir, reporter=LiveReporter(console), until=until,
                                    lookahead=lookahead)
        report = write_run_report(result.workdir)  # also after a failed phase: it shows what failed
        if fmt == "json":
            data = json.loads(demo_api.to_json(result))
            data["report"] = report
            typer.echo(dumps_json(data, newline=False))
        else:
            _print_summary(result)
            if report:
                print(f"migration report: {report}")
        return 0 if result.ok else 1


def _print_summary(result) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..driver.demo import gate_totals, summary_rows

    from rich.text import Text

    table = Table(title=Text(f"Migration of {result.workdir}"), title_justify="left")
    for column in ("Phase", "Status", "Tasks", "Tests", "Specs", "Boundaries", "Commit", "s"):
        table.add_column(column)
    for row in summary_rows(result):
        cells = (row["phase"], row["status"], str(row["tasks"]), row["tests"], row["specs"],
                 row["boundaries"], row["commit"], f"{row['seconds']:.1f}")
        table.add_row(*(Text(cell) for cell in cells))  # cells are data, never markup
    console = Console(highlight=False)  # the terminal's width, 80 when not a terminal
    console.print(table)
    console = Console(highlight=False, markup=False)  # data from here on: brackets stay literal
    for line in result.setup:
        console.print(f"set-up: {line}")
    for suite in result.module_suites:
        mark = "ok" if suite.ok else "FAILED"
        console.print(f"module {suite.module}: its own suite alone {mark} ({suite.summary}, {suite.duration:.1f}s)")
    if result.modules_without_tests:
        console.print(f"modules without tests of their own (the project suite covers them): "
                      f"{', '.join(result.modules_without_tests)}")
    totals = gate_totals(result)
    if totals:
        console.print("gate seconds: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in totals.items()))
    for path in result.shims_left:
        console.print(f"shim left: {path}")
    for problem in result.problems:
        console.print(f"problem: {problem}")
    for phase in result.phases:
        if phase.exit_code:
            console.print(f"{phase.phase} failed: {phase.message}")
            for line in phase.failure or ():
                console.print(f"  {line}")
    verdict = "migrated: tests green, specs identical, boundaries clean" if result.ok else "demo FAILED"
    if result.ok and result.stopped_after:
        verdict = f"stopped after {result.stopped_after} as asked (--until); every phase run passed its gates"
    console.print(f"{verdict} in {result.duration:.1f}s")
