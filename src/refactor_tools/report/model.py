"""Plain frozen data of a migration report (collected once, rendered to HTML)."""

from __future__ import annotations

from dataclasses import dataclass

from ..graph import ModuleGraph


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
