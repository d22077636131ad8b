"""What the driver's runs return (frozen data; `render` turns it into text and JSON) and the
`Reporter` callbacks a live view implements."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import EXIT_OK
from .actions import ActionResult
from .gates import GateResult
from .plan import Phase, Task


class Reporter:
    """Live-view callbacks; the CLI renders them with rich. Every method is a no-op here."""

    def phase_started(self, phase: Phase, tasks: list[Task]) -> None:
        """A phase starts with these pending tasks."""

    def step_started(self, task: Task, step: str) -> None:
        """An action or gate of `task` starts (`step` e.g. 'move', 'gate tests')."""

    def step_done(self, task: Task, step: str, ok: bool, summary: str) -> None:
        """An action or gate ended."""

    def task_done(self, task: Task, result: "TaskResult") -> None:
        """A task was committed and recorded."""

    def note(self, message: str) -> None:
        """A message for the user (recovery, already done, restored)."""


@dataclass(frozen=True)
class TaskResult:
    """One task of a phase run."""

    task: str
    number: int
    title: str
    status: str  # done | failed | rolled-back (committed, then undone with its phase) | dry-run
    actions: tuple[ActionResult, ...] = ()
    gates: tuple[GateResult, ...] = ()
    commit: str | None = None
    progress_commit: str | None = None
    duration: float = 0.0
    lookahead: str = ""  # its tests stage ran ahead: "verified" or "dropped" ("" when it did not)
    lookahead_wait: float = field(default=0.0, compare=False)  # seconds the run waited for that lookahead


@dataclass(frozen=True)
class PhaseResult:
    """One phase run: `status` done | already-done | failed | dry-run."""

    phase: str
    title: str
    status: str
    message: str
    tasks: tuple[TaskResult, ...] = ()
    start_commit: str | None = None
    failed_step: str | None = None
    failure: tuple[str, ...] = ()
    diff: str = ""
    recovered: str | None = None
    exit_code: int = EXIT_OK
    duration: float = 0.0
    config_changed: bool = field(default=False, compare=False)  # a `config` action edited pyproject


@dataclass(frozen=True)
class RunAllResult:
    """Every phase run by `run --all`, in order (stops at the first failure)."""

    phases: tuple[PhaseResult, ...]
    diff: str = ""
    recovered: str | None = None

    @property
    def exit_code(self) -> int:
        """Return the first non-zero exit code of a phase, or 0."""
        return next((p.exit_code for p in self.phases if p.exit_code), EXIT_OK)
