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
action, a git error, Ctrl-C, SIGTERM) moves HEAD back to the starting commit and restores the
paths the journal names, and nothing else (`restore`): files the user made or edited meanwhile
stay, and are listed. A run refuses a detached HEAD unless `allow_detached`. `dry_run` applies
the actions in a scratch worktree at HEAD and returns the unified diff; gates do not run.
"""

from __future__ import annotations

from ..adapters.git import Git, sigterm_raises
from ..config import ProjectConfig, load_config
from ..errors import UsageError
from . import journal, progress
from .actions import ActionContext
from .baseline import run_baseline_action, spec_ref
from .dryrun import dry_run_diff
from .phase_run import GATE_ORDER, LookaheadChain, PhaseRun, tested_sources
from .plan import Phase, Plan, load_plan
from .restore import recover
from .results import PhaseResult, Reporter, RunAllResult, TaskResult
from .tracker import load_state

__all__ = [
    "GATE_ORDER", "PhaseResult", "PhaseRun", "Reporter", "RunAllResult", "TaskResult", "check_clean", "check_order",
    "prepare", "recover_message", "run_all", "run_baseline", "run_phase", "tested_sources",
]


def recover_message(recovery: journal.Recovery | None, git: Git) -> str | None:
    """Describe an undone interrupted run (and what it kept), or None."""
    if recovery is None:
        return None
    lines = [f"undid an interrupted run of {recovery.phase} (pid {recovery.pid}, started {recovery.started}): "
             f"tree restored to {git.short(recovery.commit)}"]
    if recovery.report is not None:
        lines += [f"  {line}" for line in recovery.report.lines()]
    return "\n".join(lines)


def prepare(config: ProjectConfig, reporter: Reporter, dry_run: bool = False,
            allow_detached: bool = True) -> tuple[Git, str | None]:
    """Open the repository, prune what dead runs left, undo an interrupted run (not under dry-run).

    Raises:
        UsageError: HEAD is detached and `allow_detached` is False; an interrupted run is
            recorded and `dry_run` is set; another run is alive.
    """
    git = Git(config.root)
    git.prune_stale_worktrees()
    if dry_run:
        interrupted = journal.read_journal(config.root)
        if interrupted is not None:
            raise UsageError(
                f"an interrupted run of {interrupted.phase} is recorded in {journal.JOURNAL}",
                hint="any run without --dry-run undoes it first, e.g. `refactor-tools run "
                     f"{interrupted.phase}`; `status` only reports it",
            )
        return git, None
    message = recover_message(recover(git, config.root), git)
    if message:
        reporter.note(message)
    if not allow_detached and git.branch() is None:
        raise UsageError(
            f"HEAD is detached (at {git.short(git.head())}): the run's commits would belong to no branch",
            hint="check out a branch first (`git switch -c migration`), or pass --allow-detached",
        )
    return git, message


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
              reporter: Reporter | None = None, tag: str | None = None, allow_detached: bool = False,
              lookahead: bool | None = None, chain: LookaheadChain | None = None) -> PhaseResult:
    """Run one phase of the plan as a transaction.

    Args:
        config: the project.
        phase_id: `phase-N`.
        dry_run: apply in a scratch worktree, return the diff, change nothing.
        reporter: live-view callbacks.
        tag: baseline tag name for a baseline action (default: config `baseline`).
        allow_detached: run on a detached HEAD (its commits then belong to no branch).
        lookahead: run each next task's tests stage ahead in a worktree (`lookahead`); None:
            `[tool.refactor-tools.driver] lookahead`.
        chain: with the lookahead on, carries it across phases (`run_all`): the lookahead of
            `chain.following` starts beside this phase's last task and is left in `chain.ahead`.

    Returns:
        The result; `exit_code` is 0 (done, already done, dry run) or the failure's code
        (1 for a failed gate or a check that found problems).

    Raises:
        UsageError: unknown phase, earlier phase not done, dirty tree, another run alive,
            detached HEAD.
        ConfigError: bad plan or configuration.
    """
    reporter = reporter or Reporter()
    git, recovered = prepare(config, reporter, dry_run, allow_detached=allow_detached or dry_run)
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
    from .gatecfg import gate_settings

    settings = gate_settings(config)
    if lookahead is None:
        lookahead = settings.lookahead
    elif lookahead and not settings.skip_unchanged:
        raise UsageError("--lookahead needs skip-unchanged: its results reach the real tree as green records",
                         hint="remove 'skip-unchanged = false' from [tool.refactor-tools.driver], or run without --lookahead")
    return PhaseRun(config, git, plan, phase, pending, done, reporter, recovered, tag, lookahead=lookahead,
                    chain=chain if lookahead else None).execute()


def run_all(config: ProjectConfig, dry_run: bool = False, reporter: Reporter | None = None,
            allow_detached: bool = False, lookahead: bool | None = None) -> RunAllResult:
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
    git, recovered = prepare(config, reporter, allow_detached=allow_detached)
    plan = load_plan(config)
    done = load_state(config, plan).done
    # Each phase's first pending task: a phase's lookahead may run the next phase's first task.
    firsts = [next(((p.id, t) for t in p.tasks if t.id not in done), None) for p in plan.phases]
    chain = LookaheadChain()
    results: list[PhaseResult] = []
    with sigterm_raises():
        try:
            for index, phase in enumerate(plan.phases):
                chain.following = next((f for f in firsts[index + 1:] if f is not None), None)
                result = run_phase(config, phase.id, reporter=reporter, allow_detached=allow_detached,
                                   lookahead=lookahead, chain=chain)
                results.append(result)
                if result.config_changed:
                    config = load_config(config.root)
                if result.exit_code:
                    break
        finally:
            chain.drop()  # a lookahead no phase took: the run stopped, or the next phase refused to start
    return RunAllResult(tuple(results), recovered=recovered)


def run_baseline(config: ProjectConfig, tag: str | None = None, reporter: Reporter | None = None,
                 allow_detached: bool = False) -> PhaseResult:
    """Run the baseline: as the plan's baseline task when there is one, else on its own.

    Returns:
        The result (status done, already-done or failed).

    Raises:
        BaselineFailed: tests fail (exit 1) when run without a plan task.
        UsageError: dirty tree, tag on another commit, another run alive, detached HEAD.
    """
    reporter = reporter or Reporter()
    git, recovered = prepare(config, reporter, allow_detached=allow_detached)
    name = tag or spec_ref(config)
    plan = load_plan(config) if config.plan else None
    found = next(((p, t) for p, t in plan.tasks() if t.is_baseline), None) if plan else None
    if plan is None or found is None:
        check_clean(git)
        journal.exclude_state(git, config.root)
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
