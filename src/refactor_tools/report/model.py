"""Plain frozen data of a migration report (collected once, rendered to HTML)."""

from __future__ import annotations

from dataclasses import dataclass

from ..graph import ModuleGraph


@dataclass(frozen=True)
class FindingView:
    """One finding of a gate: a headline (test id, spec location, violation) and its detail lines."""

    kind: str  # test | run | coverage | command | hook | spec | boundary | error
    headline: str
    lines: tuple[str, ...] = ()
    severe: bool = True  # False for what the gate allowed (a known violation, an info-level spec change)


@dataclass(frozen=True)
class GateRun:
    """One gate as the driver ran it for a task (`driver.taskrecords`)."""

    name: str
    ok: bool
    summary: str
    duration: float  # seconds, as recorded
    skipped: bool = False
    findings: tuple[FindingView, ...] = ()
    steps: tuple[GateRun, ...] = ()


@dataclass(frozen=True)
class TaskRun:
    """A task's last recorded attempt: how it ended, when, and its gates."""

    status: str  # done | failed | rolled-back | interrupted
    commit: str | None
    finished: str
    duration: float
    gates: tuple[GateRun, ...]


@dataclass(frozen=True)
class TaskEntry:
    """One task of the plan with what the progress document records for it."""

    phase: str
    phase_title: str
    number: int
    task: str
    title: str
    state: str  # done | in-progress | pending
    date: str | None
    commit: str | None  # full hash when it resolves in the repository, else as recorded
    gates: tuple[str, ...]  # the gates the plan asks for, e.g. "specs: identical"
    notes: tuple[str, ...]  # what the driver recorded (action and gate summaries)
    run: TaskRun | None = None  # the gates the driver ran for this commit (or the last failed attempt)
    run_note: str = ""  # why no run is shown


@dataclass(frozen=True)
class GraphSide:
    """The module graph at one commit, or why it could not be drawn."""

    label: str
    commit: str | None
    graph: ModuleGraph | None
    note: str = ""


@dataclass(frozen=True)
class Point:
    """The boundary-violation count at one commit of the migration (None: not measurable)."""

    label: str
    commit: str
    count: int | None
    note: str = ""


@dataclass(frozen=True)
class MigrationReport:
    """Everything the report page shows."""

    plan: str
    title: str
    tasks: tuple[TaskEntry, ...]
    before: GraphSide
    now: GraphSide
    series: tuple[Point, ...]

    def counts(self) -> dict[str, int]:
        """Return the number of tasks per state."""
        out = {"done": 0, "in-progress": 0, "pending": 0}
        for task in self.tasks:
            out[task.state] = out.get(task.state, 0) + 1
        return out
