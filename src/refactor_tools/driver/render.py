"""Render driver results: JSON-ready dicts and rich tables; the live task list is `live.LiveReporter`."""

from __future__ import annotations

from ..adapters.state import dumps_json
from typing import Any

from .actions import ActionResult
from .gates import GateResult
from .results import PhaseResult, RunAllResult, TaskResult
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
        if result.lookahead:
            data["lookahead"] = {"verdict": result.lookahead, "wait": result.lookahead_wait}
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
        if check.added:
            data["verify"]["added"] = list(check.added)
    return data


def phase_lines(result: PhaseResult) -> list[str]:
    """Return the human summary of one phase run."""
    lines = [result.message]
    for task in result.tasks:
        commit = f" [{task.commit}]" if task.commit else ""
        status = "rolled back" if task.status == "rolled-back" else task.status
        lines.append(f"  {task.number}. {task.title}: {status}{commit}")
        lines += [f"     - {g.name}: {'ok' if g.ok else 'FAILED'} - {g.summary}" for g in task.gates]
    if result.failed_step:
        lines.append(f"  failed: {result.failed_step}")
        lines += [f"    {line}" for line in result.failure]
    return lines


def _plain(text: str) -> str:
    # Task titles are data: "[tool.refactor-tools]" must not read as markup.
    from rich.markup import escape

    return escape(text)


def status_table(report: StatusReport) -> Any:
    """Return a rich Table of every task."""
    from rich.table import Table

    counts = report.counts()
    table = Table(title=f"{report.title}: {counts['done']}/{counts['total']} tasks done", title_justify="left")
    for column in ("Phase", "#", "Task", "State", "Date", "Commit"):
        table.add_column(column, no_wrap=column != "Task")
    icons = {"done": "[green]✓ done[/]", "in-progress": "[yellow]→ next[/]", "pending": "[dim]· pending[/]"}
    for row in report.rows:
        table.add_row(row.phase, str(row.number), _plain(row.title), icons[row.state], row.date or "", row.commit or "")
    return table

