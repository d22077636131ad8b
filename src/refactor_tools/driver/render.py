"""Render driver results: JSON-ready dicts, rich tables, and the live task list (stderr)."""

from __future__ import annotations

from ..adapters.state import dumps_json
from typing import Any

from .actions import ActionResult
from .gates import GateResult
from .plan import Phase, Task
from .runner import PhaseResult, Reporter, RunAllResult, TaskResult
from .tracker import StatusReport, VerifyReport


dumps = dumps_json  # deterministic JSON: sorted keys, two-space indent, trailing newline


def _action(result: ActionResult) -> dict[str, Any]:
    return {"kind": result.kind, "summary": result.summary, "changed": list(result.changed),
            "notes": list(result.notes), "details": list(result.details)}


def _gate(result: GateResult, timings: bool) -> dict[str, Any]:
    data = {"name": result.name, "ok": result.ok, "summary": result.summary, "details": list(result.details),
            "metrics": result.metrics}
    if timings:
        data["duration"] = result.duration
    return data


def _task(result: TaskResult, timings: bool) -> dict[str, Any]:
    data = {
        "task": result.task, "number": result.number, "title": result.title, "status": result.status,
        "actions": [_action(a) for a in result.actions], "gates": [_gate(g, timings) for g in result.gates],
        "commit": result.commit, "progress_commit": result.progress_commit,
    }
    if timings:
        data["duration"] = result.duration
    return data


def phase_dict(result: PhaseResult, timings: bool = False) -> dict[str, Any]:
    """Return a phase result as JSON-ready data (durations only with `timings`)."""
    data = {
        "phase": result.phase, "title": result.title, "status": result.status, "message": result.message,
        "tasks": [_task(t, timings) for t in result.tasks], "start_commit": result.start_commit,
        "failed_step": result.failed_step, "failure": list(result.failure), "recovered": result.recovered,
        "exit_code": result.exit_code,
    }
    if result.diff:
        data["diff"] = result.diff
    if timings:
        data["duration"] = result.duration
    return data


def run_all_dict(result: RunAllResult, timings: bool = False) -> dict[str, Any]:
    """Return a `run --all` result as JSON-ready data."""
    data = {"phases": [phase_dict(p, timings) for p in result.phases], "recovered": result.recovered,
            "exit_code": result.exit_code}
    if result.diff:
        data["diff"] = result.diff
    return data


def status_dict(report: StatusReport, check: VerifyReport | None = None) -> dict[str, Any]:
    """Return the status (and verification) as JSON-ready data."""
    data: dict[str, Any] = {
        "plan": report.plan, "title": report.title, "counts": report.counts(),
        "tasks": [
            {"phase": r.phase, "number": r.number, "task": r.task, "title": r.title, "state": r.state,
             "date": r.date, "commit": r.commit}
            for r in report.rows
        ],
    }
    if check is not None:
        data["verify"] = {"ok": check.ok, "problems": list(check.problems), "checked": check.checked}
    return data


def phase_lines(result: PhaseResult) -> list[str]:
    """Return the human summary of one phase run."""
    lines = [result.message]
    for task in result.tasks:
        commit = f" [{task.commit}]" if task.commit else ""
        lines.append(f"  {task.number}. {task.title}: {task.status}{commit}")
        lines += [f"     - {g.name}: {'ok' if g.ok else 'FAILED'} - {g.summary}" for g in task.gates]
    if result.failed_step:
        lines.append(f"  failed: {result.failed_step}")
        lines += [f"    {line}" for line in result.failure]
    return lines


def status_table(report: StatusReport) -> Any:
    """Return a rich Table of every task."""
    from rich.table import Table

    counts = report.counts()
    table = Table(title=f"{report.title}: {counts['done']}/{counts['total']} tasks done", title_justify="left")
    for column in ("Phase", "#", "Task", "State", "Date", "Commit"):
        table.add_column(column, no_wrap=column != "Task")
    icons = {"done": "[green]✓ done[/]", "in-progress": "[yellow]→ next[/]", "pending": "[dim]· pending[/]"}
    for row in report.rows:
        table.add_row(row.phase, str(row.number), row.title, icons[row.state], row.date or "", row.commit or "")
    return table


class LiveReporter(Reporter):
    """The live task list on stderr: a rich Live view on a terminal, plain lines otherwise."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self.rows: dict[str, list[str]] = {}
        self.live: Any = None

    def _view(self) -> Any:
        from rich.table import Table

        table = Table.grid(padding=(0, 1))
        for label, (state, text) in self.rows.items():
            icon = {"pending": "[dim]·[/]", "running": "[yellow]…[/]", "ok": "[green]✓[/]", "failed": "[red]✗[/]"}[state]
            table.add_row(icon, label, f"[dim]{text}[/]")
        return table

    def phase_started(self, phase: Phase, tasks: list[Task]) -> None:
        """Start the list for a phase."""
        self.stop()
        self.console.print(f"[bold]{phase.id}[/]: {phase.title}")
        self.rows = {f"{t.number}. {t.title}": ["pending", ""] for t in tasks}
        if self.console.is_terminal:
            from rich.live import Live

            self.live = Live(self._view(), console=self.console, refresh_per_second=8, transient=False)
            self.live.start()

    def _update(self, task: Task, state: str, text: str) -> None:
        self.rows[f"{task.number}. {task.title}"] = [state, text]
        if self.live is not None:
            self.live.update(self._view())

    def step_started(self, task: Task, step: str) -> None:
        """Show the running step."""
        self._update(task, "running", f"{step} ...")

    def step_done(self, task: Task, step: str, ok: bool, summary: str) -> None:
        """Show the step's outcome."""
        self._update(task, "running" if ok else "failed", f"{step}: {summary}")
        if self.live is None:
            mark = "[green]✓[/]" if ok else "[red]✗[/]"
            self.console.print(f"  {mark} {task.number}. {task.title} — {step}: {summary}", highlight=False)

    def task_done(self, task: Task, result: TaskResult) -> None:
        """Mark a committed task done."""
        self._update(task, "ok", f"committed {result.commit} ({result.duration:.1f}s)")
        if self.live is None:
            self.console.print(f"  [green]✓[/] {task.number}. {task.title} — committed {result.commit}", highlight=False)

    def note(self, message: str) -> None:
        """Print a message."""
        self.stop()
        self.console.print(message, highlight=False)

    def finish_tasks(self, result: PhaseResult) -> None:
        """Mark committed tasks done and stop the live view."""
        for task in result.tasks:
            key = f"{task.number}. {task.title}"
            if key in self.rows and task.status == "done":
                self.rows[key] = ["ok", f"committed {task.commit}"]
        if self.live is not None:
            self.live.update(self._view())
        self.stop()

    def stop(self) -> None:
        """Stop the live view if it runs."""
        if self.live is not None:
            self.live.stop()
            self.live = None
