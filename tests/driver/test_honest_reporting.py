"""Honest reporting: rolled-back tasks, the live view on a log, added tasks, `status --write`,
forged progress entries, detached HEADs, stale worktrees, file modes after a restore."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console

from refactor_tools.adapters.git import WORKTREE_PREFIX
from refactor_tools.codemods import registry as codemod_registry
from refactor_tools.driver.live import LiveReporter
from refactor_tools.driver.plan import Phase, Task
from refactor_tools.driver.results import TaskResult

from .test_rollback import BREAKING_PLAN, _break_things

NEW_TASK = """
[[phases.tasks]]
id = "added-later"
number = 5
title = "A task added after the first runs"
actions = [{kind = "config", key = "driver.later", value = true}]
gates = {tests = false}
"""


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _task(number: int = 3, title: str = "Move things") -> Task:
    return Task.model_validate({"id": f"t{number}", "number": number, "title": title, "actions": []})


def test_without_a_terminal_each_step_start_and_a_heartbeat_are_printed():
    out = io.StringIO()
    clock = Clock()
    reporter = LiveReporter(Console(file=out, force_terminal=False, width=200), heartbeat=0, clock=clock)
    task = _task()
    phase = Phase.model_validate({"id": "phase-1", "title": "Restructure", "tasks": [task.model_dump()]})
    reporter.phase_started(phase, [task])
    reporter.step_started(task, "gate tests (app sources: legacy, factory)")
    clock.now += 10
    reporter.beat()
    clock.now += 12.4
    reporter.beat()
    reporter.step_done(task, "gate tests", True, "12 passed")
    reporter.beat()  # nothing runs: no line
    reporter.task_done(task, TaskResult("t3", 3, "Move things", "done", commit="abc1234", duration=22.4))
    reporter.stop()
    assert out.getvalue().splitlines() == [
        "phase-1: Restructure",
        "  … 3. Move things — gate tests (app sources: legacy, factory) ...",
        "  … 3. Move things — gate tests (app sources: legacy, factory): still running (10s)",
        "  … 3. Move things — gate tests (app sources: legacy, factory): still running (22s)",
        "  ✓ 3. Move things — gate tests: 12 passed",
        "  ✓ 3. Move things — committed abc1234",
    ]


def test_the_heartbeat_thread_prints_while_a_step_runs():
    out = io.StringIO()
    reporter = LiveReporter(Console(file=out, force_terminal=False, width=200), heartbeat=0.05)
    task = _task()
    reporter.phase_started(Phase.model_validate({"id": "phase-1", "title": "R", "tasks": [task.model_dump()]}), [task])
    reporter.step_started(task, "gate tests")
    deadline = 200
    while "still running" not in out.getvalue() and deadline:
        deadline -= 1
        threading_wait(0.05)
    reporter.stop()
    assert "still running" in out.getvalue()


def threading_wait(seconds: float) -> None:
    import threading

    threading.Event().wait(seconds)


def test_on_a_terminal_the_running_step_shows_its_elapsed_time():
    clock = Clock()
    reporter = LiveReporter(Console(file=io.StringIO(), force_terminal=False, width=200), heartbeat=0, clock=clock)
    task = _task()
    reporter.rows = {}
    reporter.step_started(task, "gate tests")
    clock.now += 42
    console = Console(file=io.StringIO(), width=200)
    console.print(reporter._view())
    assert "3. Move things gate tests ... (42s)" in console.file.getvalue()


def test_a_failed_phase_lists_its_committed_tasks_as_rolled_back(project, cli, monkeypatch):
    monkeypatch.setitem(codemod_registry._TABLE, "break-things-for-tests", _break_things)
    tiny = project(plan=BREAKING_PLAN)
    assert cli("complete", "1", "--project", str(tiny.root))[0] == 0
    code, out, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 1
    assert "  2. Mark the stage: rolled back\n" in err and "  3. Break things: failed\n" in err
    assert "done [" not in err


def test_restores_keep_file_modes(project, cli, monkeypatch):
    monkeypatch.setitem(codemod_registry._TABLE, "break-things-for-tests", _break_things)
    tiny = project(plan=BREAKING_PLAN)
    for rel in ("src/tinyapp/greeting.py", "pyproject.toml", "tests/test_app.py"):
        os.chmod(tiny.root / rel, 0o664)
    assert cli("complete", "1", "--project", str(tiny.root))[0] == 0
    before = tiny.snapshot()
    code, _, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 1, err
    assert tiny.snapshot() == before
    for rel in ("src/tinyapp/greeting.py", "pyproject.toml", "tests/test_app.py"):
        assert stat.S_IMODE((tiny.root / rel).stat().st_mode) == 0o664, rel


def test_tasks_added_to_the_plan_are_pending_and_status_write_lists_them(project, cli):
    tiny = project()
    assert cli("complete", "1", "--project", str(tiny.root))[0] == 0
    tiny.write("plans/plan.toml", tiny.read("plans/plan.toml") + NEW_TASK)
    tiny.commit_all("plan: one more task")
    code, out, err = cli("status", "--verify", "--project", str(tiny.root))
    assert code == 0, err
    assert "note: 1 task(s) added to the plan since the progress section was written, pending: " \
           "5 'A task added after the first runs'" in err
    assert "verify: 1 recorded task(s) checked, ok" in out
    code, out, err = cli("status", "--write", "--verify", "--format", "json", "--project", str(tiny.root))
    assert code == 0, err
    assert "progress section of plans/PROGRESS.md re-rendered (commit " in err
    assert '"added"' not in out and '"ok": true' in out
    assert "A task added after the first runs" in tiny.read("plans/PROGRESS.md")
    assert not tiny.repo.is_dirty(untracked_files=True)
    code, _, err = cli("status", "--write", "--project", str(tiny.root))
    assert code == 0 and "progress section of plans/PROGRESS.md is up to date" in err


def test_a_forged_entry_pointing_at_a_real_ancestor_fails_verify(project, cli):
    tiny = project()
    first = tiny.head()
    tiny.write("src/tinyapp/later.py", "X = 1\n")
    tiny.commit_all("later work")
    assert cli("complete", "1", "--project", str(tiny.root))[0] == 0
    progress = tiny.read("plans/PROGRESS.md")
    real = tiny.repo.git.rev_parse("--short=7", "HEAD~1")
    tiny.write("plans/PROGRESS.md", progress.replace(f"Committed: {real}", f"Committed: {first[:7]}"))
    tiny.commit_all("forge the entry")
    code, _, err = cli("status", "--verify", "--project", str(tiny.root))
    assert code == 1
    assert f"task 1 'Pre-Migration Validation' records commit {first[:7]}, but the task's work was committed " \
           f"as {real}" in err


def test_a_detached_head_is_refused_unless_allowed(project, cli):
    tiny = project()
    tiny.repo.git.checkout("--detach")
    head = tiny.head()
    code, _, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 2
    assert f"error: HEAD is detached (at {head[:7]}): the run's commits would belong to no branch" in err
    assert "--allow-detached" in err
    code, _, err = cli("run", "phase-1", "--allow-detached", "--project", str(tiny.root))
    assert code == 2 and "phase-1 needs phase-0" in err  # past the guard, stopped by the order check
    code, _, err = cli("run", "phase-0", "--dry-run", "--project", str(tiny.root))
    assert code == 0, err  # a dry run commits nothing


def test_worktrees_of_dead_runs_are_pruned_on_the_next_start(project, cli):
    tiny = project()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = Path(tempfile.mkdtemp(prefix=f"{WORKTREE_PREFIX}{dead.pid}-"))
    (stale / "tree").mkdir()
    mine = Path(tempfile.mkdtemp(prefix=f"{WORKTREE_PREFIX}{os.getpid()}-"))
    try:
        code, _, err = cli("run", "phase-0", "--dry-run", "--project", str(tiny.root))
        assert code == 0, err
        assert not stale.exists()
        assert mine.exists()  # a live process's folder stays
    finally:
        for folder in (stale, mine):
            if folder.exists():
                import shutil

                shutil.rmtree(folder)
