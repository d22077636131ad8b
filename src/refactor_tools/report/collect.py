"""Gather a migration's state: plan and progress (read-only), graphs and violation counts per commit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..boundaries import check_boundaries
from ..config import ProjectConfig, load_config
from ..driver import load_plan, tracker
from ..adapters.git import Git
from ..errors import RefactorToolsError
from ..graph import build_module_graph
from .model import GraphSide, MigrationReport, Point, TaskEntry


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
