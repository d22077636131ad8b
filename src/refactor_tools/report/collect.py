"""Gather a migration's state: plan and progress (read-only), graphs and violation counts per commit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..boundaries import check_boundaries
from ..config import ProjectConfig, load_config
from ..driver import load_plan, tracker
from ..adapters.git import Git
from ..errors import RefactorToolsError
from ..graph import build_module_graph
from ..driver.taskrecords import read_task_records
from .model import FindingView, GateRun, GraphSide, MigrationReport, Point, TaskEntry, TaskRun


def collect_report(config: ProjectConfig) -> MigrationReport:
    """Read the plan, the progress document and the git history of a migration.

    The baseline side and the violation counts come from a temporary git worktree that is
    checked out at each commit in turn (the project's own tree is never touched).

    Raises:
        ConfigError: no plan or progress configured, or not a git repository.
    """
    plan = load_plan(config)
    state = tracker.load_state(config, plan)
    git = Git(config.root)
    rel = config.root.resolve().relative_to(git.top)
    records = read_task_records(config.root)
    tasks = []
    for row, (_phase, task) in zip(tracker.status(config).rows, plan.tasks()):
        record = state.done.get(task.id)
        commit = (git.resolve(row.commit) or row.commit) if row.commit else None
        gates = tuple(
            _gate_text(name, value)
            for name, value in sorted(task.gates.model_dump().items())
        )
        tasks.append(
            TaskEntry(
                row.phase,
                row.phase_title,
                row.number,
                row.task,
                row.title,
                row.state,
                row.date,
                commit,
                tuple(g for g in gates if g),
                record.notes if record else (),
                *_task_run(records.get(task.id), row.state, commit, git),
            )
        )
    head = git.head()
    now = _side(
        "now",
        head,
        lambda: build_module_graph(config, cache=False),
        lambda: build_module_graph(config, cache=False, boundaries=False),
    )
    base = git.resolve(config.baseline) if config.baseline else None
    stops = [("baseline", base)] if base else []
    stops += [
        (f"task {t.number}", t.commit)
        for t in tasks
        if t.commit and len(t.commit) == 40
    ]
    if not base:
        before = GraphSide("baseline", None, None, _no_baseline(config))
        return MigrationReport(
            plan.plan.name,
            plan.plan.title,
            tuple(tasks),
            before,
            now,
            tuple(_series(git, rel, stops)),
        )
    with _Worktree(git, base) as tree:
        before = _side("baseline", base, *_graph_builders(tree, rel))
        series = _series(git, rel, stops, tree)
    return MigrationReport(
        plan.plan.name, plan.plan.title, tuple(tasks), before, now, tuple(series)
    )


NO_RECORD = "no gate record for this commit: it was recorded by hand (`complete`) or by a run that kept none"
UNDONE = ("failed", "rolled-back", "interrupted")


def _task_run(record: dict[str, Any] | None, state: str, commit: str | None, git: Git) -> tuple[TaskRun | None, str]:
    """Return the recorded run to show for a task (and why none is shown)."""
    status = record.get("status") if record else None
    if state == "done":
        recorded = record.get("commit") if record else None
        if status == "done" and isinstance(recorded, str) and commit and git.resolve(recorded) == commit:
            return _run(record), ""
        return None, NO_RECORD
    if record is not None and status in UNDONE:
        return _run(record), ""
    return None, ""


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _run(record: dict[str, Any]) -> TaskRun:
    commit = record.get("commit")
    return TaskRun(
        str(record.get("status")),
        commit if isinstance(commit, str) else None,
        str(record.get("finished") or ""),
        _number(record.get("duration")),
        tuple(_gate_run(g) for g in record.get("gates") or () if isinstance(g, dict)),
    )


def _gate_run(gate: dict[str, Any]) -> GateRun:
    return GateRun(
        str(gate.get("name")),
        gate.get("ok") is True,
        str(gate.get("summary") or ""),
        _number(gate.get("duration")),
        gate.get("skipped") is True,
        tuple(_finding(f) for f in gate.get("findings") or () if isinstance(f, dict)),
        tuple(_gate_run(s) for s in gate.get("steps") or () if isinstance(s, dict)),
    )


def _lines(value: Any) -> tuple[str, ...]:
    return tuple(str(line) for line in value) if isinstance(value, list) else ()


def _finding(data: dict[str, Any]) -> FindingView:
    """Turn one recorded finding into a headline and detail lines."""
    kind = str(data.get("kind"))
    get = data.get
    if kind == "test":
        outcome = "ERROR" if get("outcome") == "errors" else "FAILED"
        source = f" [{get('source')}]" if get("source") else ""
        return FindingView(kind, f"{outcome} {get('test')}{source}", _lines(get("reason")))
    if kind in ("run", "error"):
        return FindingView(kind, str(get("message")), _lines(get("output")))
    if kind == "coverage":
        return FindingView(kind, f"coverage {_number(get('coverage')):.2f}% vs baseline {_number(get('baseline')):.2f}% "
                                 f"(tolerance {_number(get('tolerance')):g} points)")
    if kind == "command":
        return FindingView(kind, f"`{get('command')}` exited {get('returncode')}", _lines(get("output")))
    if kind == "hook":
        return FindingView(kind, f"commit refused; hooks: {', '.join(_lines(get('hooks'))) or '(none found)'}",
                           _lines(get("output")))
    if kind == "spec":
        return FindingView(kind, f"{get('document')} {get('location')}: [{get('rule')}] {get('severity')}: "
                                 f"{get('message')}", severe=get("allowed") is not True)
    if kind == "boundary":
        status = get("status")
        if status == "not-analysed":
            return FindingView(kind, f"not analysed: {get('path')}:{get('line')}: {get('guard')}: {get('message')}")
        if status == "stale":
            return FindingView(kind, f"stale baseline entry: [{get('rule')}] {get('importer')} -> {get('imported')}")
        return FindingView(kind, f"{status}: {get('path')}:{get('line')}: [{get('rule')}] {get('importer')} -> "
                                 f"{get('imported')}", severe=status != "known")
    return FindingView(kind, json.dumps(data, sort_keys=True, ensure_ascii=False))


def _gate_text(name: str, value: object) -> str:
    if value is True:
        return name
    if value in (False, None, "skip", [], {}):
        return ""
    return f"{name}: {value}"


def _no_baseline(config: ProjectConfig) -> str:
    if not config.baseline:
        return "no baseline ref configured ([tool.refactor-tools] baseline)"
    return f"the baseline ref {config.baseline!r} does not exist in this repository"


class _Worktree:
    """A detached worktree (the git adapter's), moved from commit to commit, removed on exit."""

    def __init__(self, git: Git, commit: str) -> None:
        self.git, self.commit = git, commit
        self._context = git.worktree(commit)
        self.path = Path()

    def __enter__(self) -> _Worktree:  # noqa: PYI034 - final private class
        self.path = self._context.__enter__()
        return self

    def checkout(self, commit: str) -> None:
        self.git.run(
            "-C", str(self.path), "checkout", "--quiet", "--detach", "--force", commit
        )

    def __exit__(self, *exc: object) -> None:
        self._context.__exit__(*exc)


def _graph_builders(tree: _Worktree, rel: Path):
    def project() -> ProjectConfig:
        return load_config(tree.path / rel)

    return (
        lambda: build_module_graph(project(), cache=False),
        lambda: build_module_graph(project(), cache=False, boundaries=False),
    )


def _side(label: str, commit: str, full: Callable, imports_only: Callable) -> GraphSide:
    try:
        return GraphSide(label, commit, full())
    except RefactorToolsError as exc:
        reason = exc.message
    try:
        return GraphSide(
            label, commit, imports_only(), f"boundary rules not checked here: {reason}"
        )
    except RefactorToolsError as exc:
        return GraphSide(label, commit, None, f"no graph: {exc.message}")


def _series(
    git: Git, rel: Path, stops: list[tuple[str, str]], tree: _Worktree | None = None
) -> list[Point]:
    if tree is None:
        if not stops:
            return []
        with _Worktree(git, stops[0][1]) as own:
            return _series(git, rel, stops, own)
    points = []
    for label, commit in stops:
        tree.checkout(commit)
        points.append(_count(label, commit, tree.path / rel))
    return points


def _count(label: str, commit: str, root: Path) -> Point:
    try:
        config = load_config(root)
        if not config.section("boundaries"):
            return Point(label, commit, None, "no boundary rules at this commit")
        return Point(
            label,
            commit,
            len(check_boundaries(config, baseline="ignore", cache=False).violations),
        )
    except RefactorToolsError as exc:
        return Point(label, commit, None, exc.message)
