"""One phase run as a transaction: apply, gate, commit, record — or restore exactly what it made.

Per task: apply its actions, run its gates (tests, specs, boundaries, stopping at the first
failure; the specs' generation runs beside the suite, `beside.SpecsPrefetch`), commit the code (`<phase>: <task title>`; no commit when nothing changed: the task
then records HEAD), record the task in the progress section and commit that. The journal
(`journal`, kept current by `restore.RunRecorder`) names every path the run creates or changes
before it does; any failure (a gate, an action, a git error, Ctrl-C, SIGTERM) restores those
paths and only those (`restore.restore_run`), and says what it kept. Each task's gates, with
their timings and findings, are recorded as it ends, done or not (`taskrecords`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Callable

from ..adapters.git import Git, HookFailed, sigterm_raises
from ..config import ProjectConfig, load_config
from ..errors import EXIT_PROBLEMS, RefactorToolsError
from . import journal, progress
from .actions import ActionContext, ActionResult, apply_action
from .baseline import spec_ref
from .beside import SpecsPrefetch
from .gates import GateResult, factory_available, run_gate
from .plan import Phase, Plan, Task
from .restore import RestoreReport, RunRecorder, restore_run
from .results import PhaseResult, Reporter, TaskResult
from .taskrecords import save_task_records, task_record
from .tracker import save_progress, today

GATE_ORDER = ("tests", "specs", "boundaries")


class _StepFailed(Exception):
    def __init__(self, step: str, summary: str, details: tuple[str, ...], exit_code: int) -> None:
        super().__init__(summary)
        self.step, self.summary, self.details, self.exit_code = step, summary, details, exit_code


def tested_sources(config: ProjectConfig) -> str:
    """Say which app source(s) the tests gate runs against, for the live view."""
    app = config.table.get("app")
    if not isinstance(app, dict):
        return "the project's own app"
    if factory_available(config):
        sources = config.section("driver").get("app-sources", ["legacy", "factory"])
        if isinstance(sources, list) and sources:
            return f"app sources: {', '.join(str(s) for s in sources)}"
    return f"app source: {app.get('source', 'legacy')}"


def _drop_ahead(holder: LookaheadChain | PhaseRun) -> None:
    """Take the lookahead out of `holder.ahead` (if any), stop it and wait until its processes and
    worktree are gone."""
    ahead, holder.ahead = holder.ahead, None
    if ahead is not None:
        ahead.stop()


@dataclass
class LookaheadChain:
    """Carries a lookahead across phases (`run_all`): `following` is the first pending task of the
    next phase (its id and the task); a phase whose last task's gates run starts that task's
    lookahead and, when it ends done, leaves it in `ahead` for the next phase run to take."""

    following: tuple[str, Task] | None = None
    ahead: Any = None  # lookahead.TaskLookahead, between two phase runs

    def drop(self) -> None:
        """Stop a lookahead nobody will take and wait until its processes and worktree are gone."""
        _drop_ahead(self)


@dataclass
class PhaseRun:
    """One phase run in progress: what it works on, its journal, and the tasks it finished.

    `execute()` applies each pending task and restores what the run made on any failure; the
    journal on disk always says what an interrupted run must undo.
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
    recorder: RunRecorder | None = None  # keeps this run's journal current
    results: list[TaskResult] = field(default_factory=list)
    config_changed: bool = False
    current: tuple[Task, list[ActionResult], list[GateResult]] | None = None  # the task being applied
    step_kind: str = "action"
    task_started: float = 0.0
    commits: dict[str, str] = field(default_factory=dict)  # task id -> full hash of its code commit
    lookahead: bool = False  # run the next task's tests stage in a worktree beside this task's gates
    ahead: Any = None  # lookahead.TaskLookahead of the next task, while it runs
    chain: LookaheadChain | None = None  # hands a lookahead of the next phase's first task over
    ahead_of: dict[str, tuple[str, float]] = field(default_factory=dict)  # task id -> (verdict, wait)

    def execute(self) -> PhaseResult:
        """Run the pending tasks as one transaction and return the phase's result."""
        journal.exclude_state(self.git, self.config.root)
        entry = journal.new_journal(self.git, self.phase.id)
        journal.write_journal(self.config.root, entry, exclusive=True)
        self.recorder = RunRecorder(self.git, self.config.root, entry)
        if self.chain is not None:
            self.ahead, self.chain.ahead = self.chain.ahead, None
        started = time.perf_counter()
        with sigterm_raises():
            try:
                self.reporter.phase_started(self.phase, self.pending)
                with self.recorder.watch():
                    for task in self.pending:
                        self._run_task(task)
                self._hand_over()
            except _StepFailed as failed:
                self._drop_ahead()
                report = self._restore()
                # The committed tasks of this phase were undone with it: say so, with no hash.
                undone = self._undone("failed")
                return PhaseResult(
                    self.phase.id, self.phase.title, "failed",
                    f"{self.phase.id} failed: {failed.step}: {failed.summary}; "
                    f"tree restored to {self.git.short(entry.commit)}",
                    tuple(undone), entry.commit, failed.step, (*failed.details, *report.lines()),
                    recovered=self.recovered, exit_code=failed.exit_code,
                    duration=round(time.perf_counter() - started, 3),
                )
            except BaseException as exc:
                self._drop_ahead()
                report = self._restore()
                self._undone("interrupted")
                stopped = isinstance(exc, (KeyboardInterrupt, SystemExit))
                why = "interrupted" if stopped else f"stopped by an error ({exc})"
                self.reporter.note("\n".join([
                    f"{self.phase.id} {why}: tree restored to {self.git.short(entry.commit)}"
                    f" ({len(report.restored)} file(s) put back, {len(report.removed)} removed)",
                    *report.lines()]))
                raise
            finally:
                self._drop_ahead()
        journal.clear_journal(self.config.root)
        return PhaseResult(self.phase.id, self.phase.title, "done",
                           f"{self.phase.id} done ({len(self.results)} task(s) committed)",
                           tuple(self.results), entry.commit, recovered=self.recovered,
                           duration=round(time.perf_counter() - started, 3), config_changed=self.config_changed)

    def _undone(self, status: str) -> list[TaskResult]:
        """Return this run's tasks as a restore left them, and record them so."""
        undone = [replace(r, status="rolled-back", commit=None, progress_commit=None) for r in self.results]
        if self.current is not None:
            task, actions, gates = self.current
            duration = round(time.perf_counter() - self.task_started, 3)
            undone.append(TaskResult(task.id, task.number, task.title, status, tuple(actions), tuple(gates),
                                     duration=duration))
        self._record(undone)
        return undone

    def _record(self, results: list[TaskResult]) -> None:
        """Keep each task's gates, timings and findings for the report (`taskrecords`)."""
        finished = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        records = {r.task: task_record(self.phase.id, r, self.commits.get(r.task) if r.status == "done" else None,
                                       finished) for r in results}
        try:
            save_task_records(self.config.root, records)
        except OSError as exc:  # a record is for the report: it never fails the run
            self.reporter.note(f"could not record the gates of {', '.join(records)}: {exc}")

    def _run_task(self, task: Task) -> None:
        git, phase = self.git, self.phase
        task_start = self.task_started = time.perf_counter()
        self.current = (task, [], [])
        if self.lookahead and self.ahead is None:
            from .lookahead import starts_before_actions

            if starts_before_actions(task):  # the tree stays as it is: the next task may start now
                self._start_ahead(task, during="actions")
        actions = self._apply_actions(task)
        gates = self._run_gates(task)
        hooks = self._hook_env()
        code = self._commit(task, gates, "commit hooks", hooks,
                            lambda env: git.commit_all(f"{phase.id}: {task.title}", git.rel(self.config.root), env))
        self.commits[task.id] = code or git.head()
        commit = git.short(self.commits[task.id])
        notes = tuple(n for a in actions for n in (a.notes or (a.summary,)))
        notes += tuple(f"Gate {g.name}: {g.summary}" for g in gates)
        self.done[task.id] = progress.Done(task.id, task.number, today(), commit, notes)
        path = save_progress(self.config, self.plan, self.done)
        recorded = self._commit(task, gates, "commit hooks (progress)", hooks, lambda env: git.commit_paths(
            f"{phase.id}: record task {task.number} done", [git.rel(path)], env))
        self.current = None
        verdict, wait = self.ahead_of.get(task.id, ("", 0.0))
        self.results.append(TaskResult(task.id, task.number, task.title, "done", tuple(actions), tuple(gates),
                                       commit, git.short(recorded), round(time.perf_counter() - task_start, 3),
                                       verdict, wait))
        self._record([self.results[-1]])
        self.reporter.task_done(task, self.results[-1])

    def _hook_env(self) -> dict[str, str] | None:
        """Return the environment the commit hooks run with, or None when they are off (the default)."""
        from ..adapters.pytest_run import pytest_env
        from .gatecfg import gate_settings

        settings = gate_settings(self.config)
        return pytest_env(self.config.root, settings.env)[0] if settings.commit_hooks else None

    def _commit(self, task: Task, gates: list[GateResult], name: str, hooks: dict[str, str] | None,
                commit: Callable[[dict[str, str] | None], Any]) -> Any:
        """Commit; with `commit-hooks` on, the hooks run as a gate: a refusal fails the task."""
        if hooks is None:
            return commit(None)
        self._step(task, f"gate {name}", "action")  # a hook may edit files: whatever it leaves is the run's
        self.reporter.step_started(task, f"gate {name}")
        started = time.perf_counter()
        try:
            done = commit(hooks)
        except HookFailed as exc:
            assert self.recorder is not None
            self.recorder.reconcile("action", adopt=True)  # what the hook edited goes back with the rest
            lines = exc.output.splitlines()
            gate = GateResult(name, False, f"{exc.message}; hooks: {', '.join(exc.hooks) or '(none found)'}",
                              (f"hook output ({len(lines)} line(s)):", *(f"    {line}" for line in lines)),
                              round(time.perf_counter() - started, 3),
                              findings=({"kind": "hook", "hooks": exc.hooks, "output": lines},))
            gates.append(gate)
            self.reporter.step_done(task, f"gate {name}", False, gate.summary)
            raise _StepFailed(f"task {task.number} '{task.title}': gate {name}", gate.summary, gate.details,
                              EXIT_PROBLEMS) from None
        assert self.recorder is not None
        self.recorder.reconcile("action", adopt=True)
        gate = GateResult(name, True, "the commit passed the repository's hooks",
                          duration=round(time.perf_counter() - started, 3))
        gates.append(gate)
        self.reporter.step_done(task, f"gate {name}", True, gate.summary)
        return done

    def _step(self, task: Task, label: str, kind: str) -> None:
        assert self.recorder is not None
        self.step_kind = kind
        self.recorder.step(f"task {task.number} {label}", kind)

    def _apply_actions(self, task: Task) -> list[ActionResult]:
        assert self.recorder is not None
        actions: list[ActionResult] = self.current[1] if self.current else []
        for action in task.actions:
            step = f"action {action.kind}"
            self._step(task, step, "action")
            self.reporter.step_started(task, step)
            try:
                result = apply_action(ActionContext(self.config, False, self.phase.id, task.id, self.tag), action)
            except RefactorToolsError as exc:
                self.reporter.step_done(task, step, False, exc.message)
                raise _StepFailed(f"task {task.number} '{task.title}': {step}", exc.message,
                                  tuple(exc.render().splitlines()), exc.exit_code) from None
            self.recorder.reconcile("action")
            if result.tags_created:
                self._record_tags(result.tags_created)
            self.reporter.step_done(task, step, True, result.summary)
            actions.append(result)
            if result.config_changed:
                self.config = load_config(self.config.root)
                self.config_changed = True
        return actions

    def _drop_ahead(self) -> None:
        """Stop a running lookahead and wait until its processes and worktree are gone."""
        _drop_ahead(self)

    def _take_ahead(self, task: Task) -> bool:
        """Hand the green records of this task's lookahead over; True when it passed."""
        if self.ahead is None:
            return False
        if self.ahead.task.id != task.id:
            if self.ahead.beside.id != task.id:  # not the one started beside this task's actions
                self._drop_ahead()
            return False
        ahead, self.ahead = self.ahead, None
        self.reporter.step_started(task, "lookahead")
        began = time.perf_counter()
        found = ahead.wait()
        self.ahead_of[task.id] = ("verified" if found.ok else "dropped", round(time.perf_counter() - began, 3))
        if found.ok:
            from .gatecache import GreenRecords

            records = GreenRecords(self.config.root)
            note = f"since the lookahead ran them beside task {ahead.beside.number}'s {ahead.during}"
            for key, gate, summary, metrics in found.records:
                records.put(key, gate, summary, metrics, note=note)
        summary = (f"tests stage verified in a worktree in {found.seconds:.1f} s" if found.ok
                   else f"no verdict ahead ({found.reason}): the gates run here")
        self.reporter.step_done(task, "lookahead", True, summary)
        return found.ok

    def _start_ahead(self, task: Task, during: str = "gates") -> None:
        """Start the lookahead of the task after `task`: this phase's next pending one or, after
        the phase's last task, the next phase's first (`chain.following`)."""
        from .lookahead import TaskLookahead, lookahead_possible

        index = [t.id for t in self.pending].index(task.id)
        if index + 1 < len(self.pending):
            phase_id, following, tag = self.phase.id, self.pending[index + 1], self.tag
        elif self.chain is not None and self.chain.following is not None:
            (phase_id, following), tag = self.chain.following, None
        else:
            return
        if lookahead_possible(following):
            self.ahead = TaskLookahead(self.config, self.git, phase_id, following, task, tag, during).start()

    def _hand_over(self) -> None:
        """At the phase's end, leave a lookahead of the next phase's first task to the chain."""
        chain, ahead = self.chain, self.ahead
        if chain is not None and chain.following is not None and ahead is not None \
                and ahead.task.id == chain.following[1].id:
            chain.ahead, self.ahead = ahead, None

    def _run_gates(self, task: Task) -> list[GateResult]:
        assert self.recorder is not None
        # A task verified ahead pairs with nothing; otherwise the next task runs ahead beside this one.
        if not self._take_ahead(task) and self.lookahead and self.ahead is None:
            self._start_ahead(task)
        gates: list[GateResult] = self.current[2] if self.current else []
        modes: dict[str, Any] = {"tests": task.gates.tests, "specs": task.gates.specs,
                                 "boundaries": task.gates.boundaries}
        on = [name for name in GATE_ORDER if modes[name] not in (False, "skip")]
        # The specs gate's generation runs beside the suite; stopped with the gate loop, whatever ends it.
        prefetch = SpecsPrefetch(self.config) if {"tests", "specs"} <= set(on) else None
        try:
            for name in on:
                mode = modes[name]
                self._step(task, f"gate {name}", "gate")
                detail = f" ({tested_sources(self.config)})" if name == "tests" else ""
                self.reporter.step_started(task, f"gate {name}{detail}")
                gate = run_gate(name, self.config, mode, spec_ref(self.config), prefetch)
                self.recorder.reconcile("gate")
                self.reporter.step_done(task, f"gate {name}", gate.ok, gate.summary)
                gates.append(gate)
                if not gate.ok:
                    raise _StepFailed(f"task {task.number} '{task.title}': gate {name}", gate.summary,
                                      gate.details, EXIT_PROBLEMS)
        finally:
            if prefetch is not None:
                prefetch.cancel()
        return gates

    def _record_tags(self, tags: tuple[str, ...]) -> None:
        assert self.recorder is not None
        entry = self.recorder.entry
        self.recorder.entry = replace(entry, tags_created=sorted({*entry.tags_created, *tags}))
        self.recorder.save()

    def _restore(self) -> RestoreReport:
        assert self.recorder is not None
        root = self.config.root
        try:
            self.recorder.reconcile(self.step_kind)  # what the failing step left, while we know it was us
        except RefactorToolsError:
            pass
        report = restore_run(self.git, root, self.recorder.entry, crashed=False)
        journal.clear_journal(root)
        return report
