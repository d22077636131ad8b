"""Per-task records of the gates a run ran: timings and findings, kept beside git's own data.

Public API:
    records_path(root) -> Path                 `<git dir>/refactor-tools/task-gates.json`
    run_report_dir(root) -> Path               `<git dir>/refactor-tools/report/`: run's report page
    read_task_records(root) -> dict[str, dict] task id -> its last recorded attempt
    save_task_records(root, records)           merge `records` (task id -> record) into the file
    task_record(phase, result, commit, finished) -> dict

One record per task: its last attempt by `run` (or `baseline`), whatever became of it::

    {"task": "move-api", "number": 4, "title": "...", "phase": "phase-2",
     "status": "done" | "failed" | "rolled-back" | "interrupted",
     "commit": "<full hash>" | null,        # the task's code commit; null unless done
     "finished": "2026-12-05T07:40:00+00:00", "duration": 41.2,
     "gates": [{"name": "tests", "ok": true, "summary": "...", "duration": 38.1, "skipped": false,
                "findings": [...], "steps": [...]}]}

`findings` are the gates' own (`GateResult.findings`: failing tests with their reasons, spec
findings, boundary findings, ...); `steps` the timed steps of the tests stage. The file lives in
the repository's git directory, like the gates' green records: never in the working tree (a
failed run restores the tree byte for byte and must not take its own findings with it), never
committed. It is written as deterministic JSON (sorted keys, two-space indent): the same
records give the same bytes, and the report page renders what is recorded, never the clock.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..adapters.state import dumps_json
from .gatecache import cache_dir
from .gates import GateResult

RECORDS_FILE = "task-gates.json"
VERSION = 1


def records_path(root: Path) -> Path:
    """Return the task records' file of the project at `root`."""
    return cache_dir(Path(root)) / RECORDS_FILE


def run_report_dir(root: Path) -> Path:
    """Return the folder `run` and `demo` write the migration report to (beside the records)."""
    return cache_dir(Path(root)) / "report"


def read_task_records(root: Path) -> dict[str, dict[str, Any]]:
    """Return task id -> its last recorded attempt; {} when nothing is recorded or the file is damaged."""
    try:
        data = json.loads(records_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    tasks = data.get("tasks") if isinstance(data, dict) else None
    if not isinstance(tasks, dict):
        return {}
    return {k: v for k, v in tasks.items() if isinstance(k, str) and isinstance(v, dict)}


def save_task_records(root: Path, records: dict[str, dict[str, Any]]) -> Path:
    """Merge `records` into the file (a task's new record replaces its old one); return its path.

    Raises:
        OSError: the git directory cannot be written.
    """
    path = records_path(root)
    tasks = {**read_task_records(root), **records}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(dumps_json({"version": VERSION, "tasks": tasks}), encoding="utf-8")
    os.replace(tmp, path)
    return path


def gate_record(gate: GateResult) -> dict[str, Any]:
    """Return what a record keeps of one gate: verdict, summary, duration, findings, steps."""
    data: dict[str, Any] = {
        "name": gate.name,
        "ok": gate.ok,
        "summary": gate.summary,
        "duration": gate.duration,
        "skipped": bool(gate.metrics.get("skipped")),
        "findings": [dict(f) for f in gate.findings],
    }
    if gate.steps:
        data["steps"] = [gate_record(step) for step in gate.steps]
    return data


def task_record(phase: str, result: Any, commit: str | None, finished: str) -> dict[str, Any]:
    """Return the record of one task's attempt (`result` is a `TaskResult`)."""
    return {
        "task": result.task,
        "number": result.number,
        "title": result.title,
        "phase": phase,
        "status": result.status,
        "commit": commit,
        "finished": finished,
        "duration": result.duration,
        "gates": [gate_record(g) for g in result.gates],
    }
