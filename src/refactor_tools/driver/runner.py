"""Run phases of the plan as transactions: apply, gate, commit, record — or restore exactly.

Public API:
    run_phase(config, phase_id, dry_run=False, reporter=None) -> PhaseResult
    run_all(config, dry_run=False, reporter=None) -> RunAllResult
    run_baseline(config, tag=None, reporter=None) -> PhaseResult   the `baseline` command
    PhaseRun(...).execute() -> PhaseResult   one phase's pending tasks as one transaction
    Reporter                        callbacks for a live view (all no-ops here)

A run: undo an interrupted run (journal left by a dead process) -> a completed phase is a
no-op ("already done") -> refuse when an earlier phase is not done (named) -> refuse a dirty
tree (paths listed; git-ignored files do not count) -> write the journal -> for each task not
yet done: apply its actions, run its gates (per task, in the order tests, specs, boundaries,
stopping at the first failure), commit the code (`<phase>: <task title>`; no commit when
nothing changed: the task then records HEAD), record the task in the progress section with
that commit's hash and commit the document -> remove the journal. Any failure (a gate, an
action, a git error, Ctrl-C) restores the starting commit: `git reset --hard`, `git clean -fd`
(untracked files the run created; ignored files stay), ignored entries the run created
(caches, bytecode) are removed, tags the run created are deleted. `dry_run` applies the
actions in a scratch worktree at HEAD and returns the unified diff; gates do not run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import ProjectConfig, load_config
from ..errors import EXIT_OK, EXIT_PROBLEMS, RefactorToolsError, UsageError
from . import journal
from . import progress
from .actions import ActionContext, ActionResult, apply_action
from ..adapters.git import Git
from .baseline import run_baseline_action, spec_ref
from .dryrun import dry_run_diff
from .gates import GateResult, run_gate
from .plan import Phase, Plan, Task, load_plan
from .tracker import load_state, save_progress, today

GATE_ORDER = ("tests", "specs", "boundaries")


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
    status: str  # done | failed | dry-run
    actions: tuple[ActionResult, ...] = ()
    gates: tuple[GateResult, ...] = ()
    commit: str | None = None
    progress_commit: str | None = None
    duration: float = 0.0


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


class _StepFailed(Exception):
    def __init__(self, step: str, summary: str, details: tuple[str, ...], exit_code: int) -> None:
        super().__init__(summary)
        self.step, self.summary, self.details, self.exit_code = step, summary, details, exit_code


def recover_message(recovery: journal.Recovery | None, git: Git) -> str | None:
    """Describe an undone interrupted run, or None."""
    if recovery is None:
        return None
    return (f"undid an interrupted run of {recovery.phase} (pid {recovery.pid}, started {recovery.started}): "
            f"tree restored to {git.short(recovery.commit)}")


def prepare(config: ProjectConfig, reporter: Reporter, dry_run: bool = False) -> tuple[Git, str | None]:
    """Open the repository and undo an interrupted run (refused under dry-run)."""
    git = Git(config.root)
    if dry_run:
        interrupted = journal.read_journal(config.root)
        if interrupted is not None:
            raise UsageError(
                f"an interrupted run of {interrupted.phase} is recorded in {journal.JOURNAL}",
                hint="run without --dry-run (or `status`) first to undo it",
            )
        return git, None
    message = recover_message(journal.recover(git, config.root), git)
    if message:
        reporter.note(message)
    return git, message


def exclude_state(git: Git, root: Path) -> None:
    """Keep the driver's own files out of `git status` (in .git/info/exclude, never tracked)."""
    prefix = journal.state_prefix(git, root)
    git.ensure_excluded([f"/{prefix}run.json", f"/{prefix}*.tmp", f"/{prefix}baseline/", f"/{prefix}*cache*"])


def check_order(plan: Plan, phase: Phase, done: dict[str, progress.Done]) -> None:
    """Refuse a phase whose earlier phases are not done, naming the first missing task."""
    for earlier in plan.phases:
        if earlier.id == phase.id:
            return
        missing = [t for t in earlier.tasks if t.id not in done]
        if missing:
            first = missing[0]
            raise UsageError(
                f"{phase.id} needs {earlier.id} ({earlier.title}) done first: "
                f"task {first.number} '{first.title}' is not done",
                hint=f"run `refactor-tools run {earlier.id}`",
            )


def check_clean(git: Git) -> None:
    """Refuse a tree with uncommitted changes, listing them."""
    dirty = git.dirty_paths()
    if dirty:
        shown = "\n".join(f"  {p}" for p in dirty[:30]) + ("\n  ..." if len(dirty) > 30 else "")
        raise UsageError(
            f"the working tree has uncommitted changes ({len(dirty)} path(s)):\n{shown}",
            hint="commit or stash them first; git-ignored files do not count",
        )


def run_phase(config: ProjectConfig, phase_id: str, dry_run: bool = False,
              reporter: Reporter | None = None, tag: str | None = None) -> PhaseResult:
    """Run one phase of the plan as a transaction.

    Args:
        config: the project.
        phase_id: `phase-N`.
        dry_run: apply in a scratch worktree, return the diff, change nothing.
        reporter: live-view callbacks.
        tag: baseline tag name for a baseline action (default: config `baseline`).

    Returns:
        The result; `exit_code` is 0 (done, already done, dry run) or the failure's code
        (1 for a failed gate or a check that found problems).

    Raises:
        UsageError: unknown phase, earlier phase not done, dirty tree, another run alive.
        ConfigError: bad plan or configuration.
    """
    reporter = reporter or Reporter()
    git, recovered = prepare(config, reporter, dry_run)
    plan = load_plan(config)
    phase = plan.phase(phase_id)
    done = dict(load_state(config, plan).done)
    pending = [t for t in phase.tasks if t.id not in done]
    if not pending:
        return PhaseResult(phase.id, phase.title, "already-done", f"{phase.id} already done", recovered=recovered)
    check_order(plan, phase, done)
    if dry_run:
        diff = dry_run_diff(config, git, [(phase, pending)], reporter)
        return PhaseResult(phase.id, phase.title, "dry-run", f"{phase.id}: dry run, nothing changed",
                           tasks=tuple(TaskResult(t.id, t.number, t.title, "dry-run") for t in pending), diff=diff)
    check_clean(git)
    return PhaseRun(config, git, plan, phase, pending, done, reporter, recovered, tag).execute()


@dataclass
class PhaseRun:
    """One phase run in progress: what it works on, its journal, and the tasks it finished.

    `execute()` applies each pending task (actions, gates, commit, progress record) and
    restores the starting commit on any failure; the journal on disk always says what an
    interrupted run must undo.
    """

    config: ProjectConfig
    git: Git
    plan: Plan
    phase: Phase
    pending: list[Task]
    done: dict[str, progress.Done]
    reporter: Reporter
    recovered: str | None = None
    tag: str | None = None
    entry: journal.Journal | None = None  # this run's journal, as last written
    results: list[TaskResult] = field(default_factory=list)
    config_changed: bool = False

    def execute(self) -> PhaseResult:
        """Run the pending tasks as one transaction and return the phase's result."""
        exclude_state(self.git, self.config.root)
        self.entry = journal.new_journal(self.git, self.phase.id)
        journal.write_journal(self.config.root, self.entry, exclusive=True)
        started = time.perf_counter()
        self.reporter.phase_started(self.phase, self.pending)
        try:
            for task in self.pending:
                self._run_task(task)
        except _StepFailed as failed:
            self._restore()
            return PhaseResult(
                self.phase.id, self.phase.title, "failed",
                f"{self.phase.id} failed: {failed.step}: {failed.summary}; "
                f"tree restored to {self.git.short(self.entry.commit)}",
                tuple(self.results), self.entry.commit, failed.step, failed.details, recovered=self.recovered,
                exit_code=failed.exit_code, duration=round(time.perf_counter() - started, 3),
            )
        except BaseException:
            self._restore()
            raise
        journal.clear_journal(self.config.root)
        return PhaseResult(self.phase.id, self.phase.title, "done",
                           f"{self.phase.id} done ({len(self.results)} task(s) committed)",
                           tuple(self.results), self.entry.commit, recovered=self.recovered,
                           duration=round(time.perf_counter() - started, 3), config_changed=self.config_changed)

    def _run_task(self, task: Task) -> None:
        git, phase = self.git, self.phase
        task_start = time.perf_counter()
        actions = self._apply_actions(task)
        gates = self._run_gates(task)
        code = git.commit_all(f"{phase.id}: {task.title}", git.rel(self.config.root))
        commit = git.short(code or git.head())
        notes = tuple(n for a in actions for n in (a.notes or (a.summary,)))
        notes += tuple(f"Gate {g.name}: {g.summary}" for g in gates)
        self.done[task.id] = progress.Done(task.id, task.number, today(), commit, notes)
        path = save_progress(self.config, self.plan, self.done)
        recorded = git.commit_paths(f"{phase.id}: record task {task.number} done", [git.rel(path)])
        self.results.append(TaskResult(task.id, task.number, task.title, "done", tuple(actions), tuple(gates),
                                       commit, git.short(recorded), round(time.perf_counter() - task_start, 3)))
        self.reporter.task_done(task, self.results[-1])

    def _apply_actions(self, task: Task) -> list[ActionResult]:
        actions: list[ActionResult] = []
        for action in task.actions:
            step = f"action {action.kind}"
            self.reporter.step_started(task, step)
            try:
                result = apply_action(ActionContext(self.config, False, self.phase.id, task.id, self.tag), action)
            except RefactorToolsError as exc:
                self.reporter.step_done(task, step, False, exc.message)
                raise _StepFailed(f"task {task.number} '{task.title}': {step}", exc.message,
                                  tuple(exc.render().splitlines()), exc.exit_code) from None
            if result.tags_created:
                self._record_tags(result.tags_created)
            self.reporter.step_done(task, step, True, result.summary)
            actions.append(result)
            if result.config_changed:
                self.config = load_config(self.config.root)
                self.config_changed = True
        return actions

    def _run_gates(self, task: Task) -> list[GateResult]:
        gates: list[GateResult] = []
        modes: dict[str, Any] = {"tests": task.gates.tests, "specs": task.gates.specs,
                                 "boundaries": task.gates.boundaries}
        for name in GATE_ORDER:
            mode = modes[name]
            if mode in (False, "skip"):
                continue
            self.reporter.step_started(task, f"gate {name}")
            gate = run_gate(name, self.config, mode, spec_ref(self.config))
            self.reporter.step_done(task, f"gate {name}", gate.ok, gate.summary)
            gates.append(gate)
            if not gate.ok:
                raise _StepFailed(f"task {task.number} '{task.title}': gate {name}", gate.summary, gate.details,
                                  EXIT_PROBLEMS)
        return gates

    def _record_tags(self, tags: tuple[str, ...]) -> None:
        assert self.entry is not None
        self.entry = replace(self.entry, tags_created=sorted({*self.entry.tags_created, *tags}))
        journal.write_journal(self.config.root, self.entry)

    def _restore(self) -> None:
        assert self.entry is not None
        root = self.config.root
        journal.restore(self.git, root, journal.read_journal(root) or self.entry)
        journal.clear_journal(root)


def run_all(config: ProjectConfig, dry_run: bool = False, reporter: Reporter | None = None) -> RunAllResult:
    """Run every phase that is not done, in order; stop at the first failure."""
    reporter = reporter or Reporter()
    if dry_run:
        git, _ = prepare(config, reporter, dry_run=True)
        plan = load_plan(config)
        done = load_state(config, plan).done
        work = [(p, [t for t in p.tasks if t.id not in done]) for p in plan.phases]
        work = [(p, ts) for p, ts in work if ts]
        diff = dry_run_diff(config, git, work, reporter) if work else ""
        phases = tuple(PhaseResult(p.id, p.title, "dry-run", f"{p.id}: dry run",
                                   tuple(TaskResult(t.id, t.number, t.title, "dry-run") for t in ts)) for p, ts in work)
        return RunAllResult(phases, diff)
    git, recovered = prepare(config, reporter)
    plan = load_plan(config)
    results: list[PhaseResult] = []
    for phase in plan.phases:
        result = run_phase(config, phase.id, reporter=reporter)
        results.append(result)
        if result.config_changed:
            config = load_config(config.root)
        if result.exit_code:
            break
    return RunAllResult(tuple(results), recovered=recovered)



def run_baseline(config: ProjectConfig, tag: str | None = None, reporter: Reporter | None = None) -> PhaseResult:
    """Run the baseline: as the plan's baseline task when there is one, else on its own.

    Returns:
        The result (status done, already-done or failed).

    Raises:
        BaselineFailed: tests fail (exit 1) when run without a plan task.
        UsageError: dirty tree, tag on another commit, another run alive.
    """
    reporter = reporter or Reporter()
    git, recovered = prepare(config, reporter)
    name = tag or spec_ref(config)
    plan = load_plan(config) if config.plan else None
    found = next(((p, t) for p, t in plan.tasks() if t.is_baseline), None) if plan else None
    if plan is None or found is None:
        check_clean(git)
        exclude_state(git, config.root)
        result = run_baseline_action(ActionContext(config, tag=name))
        return PhaseResult("baseline", "Baseline", "done", result.summary, recovered=recovered,
                           tasks=(TaskResult("baseline", 0, "Baseline", "done", (result,)),))
    phase, task = found
    done = dict(load_state(config, plan).done)
    if task.id in done:
        if git.tag_target(name) is None:
            raise UsageError(
                f"the baseline is recorded done (commit {done[task.id].commit}) but tag {name!r} does not exist",
                hint=f"recreate it: git tag {name} {done[task.id].commit}",
            )
        return PhaseResult(phase.id, phase.title, "already-done", f"baseline already done (tag {name})",
                           recovered=recovered)
    check_clean(git)
    return PhaseRun(config, git, plan, phase, [task], done, reporter, recovered, name).execute()
