"""CLI commands of the migration driver: baseline, run, status, complete.

See refactor_tools.cli for the exit-code mapping; the work is done by refactor_tools.driver.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .options import TextJson

from ..errors import EXIT_OK, EXIT_PROBLEMS, UsageError

FORMATS = ("text", "json")


def _format(value: TextJson | str) -> str:
    value = TextJson(value).value
    if value not in FORMATS:
        raise UsageError(f"--format {value!r} is not one of: {', '.join(FORMATS)}")
    return value


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _reporter(fmt: str):
    from ..driver.live import LiveReporter

    return LiveReporter(_console())


def write_run_report(root: Path) -> str | None:
    """Write the migration report after a run; return its path, or None (said on stderr) when it cannot.

    The page goes to `refactor-tools/report/` in the git directory, beside the task records it
    shows: a run leaves nothing in the working tree (a failed one restores it byte for byte).
    A run's result never depends on its report: a project the report cannot describe (no
    progress document, say) keeps its exit code.
    """
    from ..config import load_config
    from ..driver.taskrecords import run_report_dir
    from ..errors import RefactorToolsError
    from ..report import write_report

    try:
        return str(write_report(load_config(root), run_report_dir(root)))
    except (RefactorToolsError, OSError) as exc:
        print(f"migration report not written: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return None


_NO_REPORT = object()


def _echo_phase(result, fmt: str, timings: bool, report: object = _NO_REPORT) -> int:
    from ..driver.render import dumps, phase_dict, phase_lines

    if fmt == "json":
        data = phase_dict(result, timings)
        if report is not _NO_REPORT:
            data["report"] = report
        typer.echo(dumps(data), nl=False)
    else:
        if result.diff:
            typer.echo(result.diff, nl=False)
        stream = sys.stderr if result.exit_code else sys.stdout
        lines = phase_lines(result)
        if isinstance(report, str):
            lines.append(f"migration report: {report}")
        print("\n".join(lines), file=stream)
    return result.exit_code


def register(app: typer.Typer) -> None:
    """Add the driver's commands to the CLI."""

    @app.command("baseline")
    def baseline_cmd(
        tag: Optional[str] = typer.Option(None, "--tag", help="Tag name (default: [tool.refactor-tools] baseline)."),  # noqa: UP045
        fmt: TextJson = typer.Option(TextJson.text, "--format", help="Output format."),
        project: Optional[Path] = typer.Option(None, "--project", help="Project directory (default: found from the cwd)."),  # noqa: UP045
        allow_detached: bool = typer.Option(False, "--allow-detached", help="Run on a detached HEAD (commits on no branch)."),
    ) -> int:
        """Run the tests, export both specs, tag the baseline and record it in the progress section."""
        from ..config import load_config
        from ..driver import run_baseline

        fmt = _format(fmt)
        reporter = _reporter(fmt)
        try:
            result = run_baseline(load_config(project), tag=tag, reporter=reporter, allow_detached=allow_detached)
        finally:
            reporter.stop()
        return _echo_phase(result, fmt, False)

    @app.command("run")
    def run_cmd(
        phase: Optional[str] = typer.Argument(None, help="The phase to run, e.g. phase-1."),  # noqa: UP045
        run_all_: bool = typer.Option(False, "--all", help="Run every phase that is not done, in order."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the unified diff; change nothing."),
        fmt: TextJson = typer.Option(TextJson.text, "--format", help="Output format."),
        timings: bool = typer.Option(False, "--timings", help="Include durations in the JSON result."),
        project: Optional[Path] = typer.Option(None, "--project", help="Project directory (default: found from the cwd)."),  # noqa: UP045
        allow_detached: bool = typer.Option(False, "--allow-detached", help="Run on a detached HEAD (commits on no branch)."),
        lookahead: Optional[bool] = typer.Option(  # noqa: UP045
            None, "--lookahead/--no-lookahead",
            help="Run each next task's tests stage in a worktree beside the current task's gates "
                 "(default: [tool.refactor-tools.driver] lookahead). Not for suites sharing a database or a port."),
    ) -> int:
        """Run a phase of the plan: actions, gates, commit and record; restore exactly on failure."""
        from ..config import load_config
        from ..driver import run_all, run_phase
        from ..driver.render import dumps, phase_lines, run_all_dict

        fmt = _format(fmt)
        if bool(phase) == run_all_:
            raise UsageError("give exactly one of PHASE or --all", hint="e.g. `refactor-tools run phase-1`")
        config = load_config(project)
        reporter = _reporter(fmt)
        try:
            if phase:
                result = run_phase(config, phase, dry_run=dry_run, reporter=reporter, allow_detached=allow_detached,
                                   lookahead=lookahead)
                reporter.finish_tasks(result)
            else:
                everything = run_all(config, dry_run=dry_run, reporter=reporter, allow_detached=allow_detached,
                                     lookahead=lookahead)
        finally:
            reporter.stop()
        # The report is written after every real run, a failed one included; a dry run changes nothing.
        report = None if dry_run else write_run_report(config.root)
        if phase:
            return _echo_phase(result, fmt, timings, _NO_REPORT if dry_run else report)
        if fmt == "json":
            data = run_all_dict(everything, timings)
            if not dry_run:
                data["report"] = report
            typer.echo(dumps(data), nl=False)
        else:
            if everything.diff:
                typer.echo(everything.diff, nl=False)
            stream = sys.stderr if everything.exit_code else sys.stdout
            for result in everything.phases:
                print("\n".join(phase_lines(result)), file=stream)
            if not everything.phases:
                print("nothing to run: every phase is done", file=stream)
            if report:
                print(f"migration report: {report}", file=stream)
        return everything.exit_code

    @app.command("status")
    def status_cmd(
        verify_: bool = typer.Option(False, "--verify", help="Check recorded hashes, order and counters; exit 1 on problems."),
        write: bool = typer.Option(False, "--write", help="Re-render the progress section from the plan and commit it."),
        fmt: TextJson = typer.Option(TextJson.text, "--format", help="Output format."),
        project: Optional[Path] = typer.Option(None, "--project", help="Project directory (default: found from the cwd)."),  # noqa: UP045
    ) -> int:
        """Show the plan's progress as a table of phases and tasks."""
        from ..config import load_config
        from ..driver import status, verify
        from ..driver.journal import read_journal
        from ..driver.render import dumps, status_dict, status_table

        fmt = _format(fmt)
        config = load_config(project)
        if write:
            from ..driver.tracker import write_progress

            rel, commit = write_progress(config)
            print(f"progress section of {rel} re-rendered (commit {commit})" if commit
                  else f"progress section of {rel} is up to date", file=sys.stderr)
        report = status(config)
        check = verify(config) if verify_ else None
        journal = read_journal(config.root)
        if journal is not None:
            print(f"warning: a run of {journal.phase} (pid {journal.pid}) is recorded in progress; "
                  "if its process is gone, the next `refactor-tools run` (or `baseline`) undoes it", file=sys.stderr)
        if fmt == "json":
            typer.echo(dumps(status_dict(report, check)), nl=False)
        else:
            from rich.console import Console

            Console(highlight=False).print(status_table(report))  # the terminal's width
            if check is not None:
                for problem in check.problems:
                    print(problem, file=sys.stderr)
                if check.added:
                    print(f"note: {len(check.added)} task(s) added to the plan since the progress section was "
                          f"written, pending: {', '.join(check.added)}; `status --write` lists them", file=sys.stderr)
                verdict = "ok" if check.ok else f"{len(check.problems)} problem(s)"
                print(f"verify: {check.checked} recorded task(s) checked, {verdict}",
                      file=sys.stdout if check.ok else sys.stderr)
        return EXIT_PROBLEMS if check is not None and not check.ok else EXIT_OK

    @app.command("complete")
    def complete_cmd(
        task: str = typer.Argument(..., help="Task id or number."),
        note: list[str] = typer.Option([], "--note", help="A line for the progress entry (repeatable)."),
        project: Optional[Path] = typer.Option(None, "--project", help="Project directory (default: found from the cwd)."),  # noqa: UP045
    ) -> int:
        """Record a task done by hand (commit = HEAD) and commit the progress document."""
        from ..config import load_config
        from ..driver import complete_task

        result = complete_task(load_config(project), task, tuple(note))
        if result.already_done:
            print(f"task {result.number} '{result.title}' is already done (commit {result.commit})")
        else:
            print(f"task {result.number} '{result.title}' recorded done at {result.commit}")
        return EXIT_OK
