"""The lookahead: the next task's tests stage runs in a worktree beside the current task's gates.

It may only save time: a task is skipped only on the very inputs the lookahead verified, a
failing lookahead leaves the verdict to the real task, and nothing of it outlives the run.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from pathlib import Path

from refactor_tools.adapters.git import WORKTREE_PREFIX
from refactor_tools.adapters.run import ChildGroups, owned_by, run_command

# Task 4 of the tiny plan sets the variable `app`; task 3 sets `stage`.
FAILS_AFTER_TASK_4 = "import os\n\ndef test_no_app_variable():\n    assert os.environ.get('app') is None\n"
# Slow only where it matters (task 3's failing gate and task 4's lookahead beside it): the lookahead is
# then still running when the failure has to stop it; the earlier runs need no wait.
FAILS_AFTER_TASK_3 = ("import os, time\n\ndef test_not_restructured():\n"
                      "    if os.environ.get('stage') == 'restructured':\n        time.sleep(2)\n"
                      "    assert os.environ.get('stage') != 'restructured'\n")


def _ready(project, cli, extra_test: str | None = None):
    tiny = project()
    if extra_test is not None:
        tiny.write("tests/test_extra.py", extra_test)
        tiny.repo.git.add(all=True)
        tiny.repo.index.commit("a test that reads the stage variables")
    for args in (("baseline",), ("run", "phase-0")):
        code, _, err = cli(*args, "--project", str(tiny.root))
        assert code == 0, err
    return tiny


def _no_worktree_left(tiny) -> None:
    assert len(tiny.repo.git.worktree("list").splitlines()) == 1
    assert not list(Path(tempfile.gettempdir()).glob(f"{WORKTREE_PREFIX}{os.getpid()}-*"))


def _tests_gate(task: dict) -> dict:
    return next(g for g in task["gates"] if g["name"] == "tests")


def test_the_next_task_is_verified_ahead_and_its_gates_skipped_on_the_same_inputs(project, cli):
    tiny = _ready(project, cli)
    code, out, err = cli("run", "phase-1", "--lookahead", "--project", str(tiny.root), "--format", "json")
    assert code == 0, err
    first, second = json.loads(out)["tasks"]
    assert _tests_gate(first)["summary"] == "3 passed"
    assert _tests_gate(second)["summary"] == (
        "skipped: inputs unchanged since the lookahead ran them beside task 3's gates (3 passed)")
    assert "tests stage verified in a worktree" in err
    assert 'app = "tinyapp.main:app"' in tiny.read("pyproject.toml")
    assert tiny.messages()[:2] == ["phase-1: record task 4 done", "phase-1: Name the app source"]
    assert tiny.repo.is_dirty(untracked_files=True) is False
    _no_worktree_left(tiny)


def test_a_failing_lookahead_leaves_the_verdict_to_the_real_task(project, cli):
    tiny = _ready(project, cli, FAILS_AFTER_TASK_4)
    start = tiny.head()
    code, out, err = cli("run", "phase-1", "--lookahead", "--project", str(tiny.root), "--format", "json")
    assert code == 1
    result = json.loads(out)
    assert result["status"] == "failed" and result["failed_step"].endswith("gate tests")
    assert "no verdict ahead (gate tests: 1 failed, 3 passed): the gates run here" in err
    failed = result["tasks"][-1]
    assert _tests_gate(failed)["summary"] == "1 failed, 3 passed"  # run here, not taken from the lookahead
    assert tiny.head() == start and tiny.repo.is_dirty(untracked_files=True) is False
    _no_worktree_left(tiny)


def test_a_failing_task_cancels_its_lookahead_and_nothing_is_left(project, cli):
    tiny = _ready(project, cli, FAILS_AFTER_TASK_3)
    start = tiny.head()
    began = time.perf_counter()
    code, out, err = cli("run", "phase-1", "--lookahead", "--project", str(tiny.root), "--format", "json")
    assert code == 1, err
    assert json.loads(out)["failed_step"] == "task 3 'Record the restructure stage': gate tests"
    assert tiny.head() == start and tiny.repo.is_dirty(untracked_files=True) is False
    _no_worktree_left(tiny)
    assert time.perf_counter() - began < 60


def test_lookahead_needs_skip_unchanged(project, cli):
    tiny = project()
    text = tiny.read("pyproject.toml").replace("[tool.refactor-tools.driver]\n",
                                               "[tool.refactor-tools.driver]\nskip-unchanged = false\n")
    tiny.write("pyproject.toml", text)
    tiny.repo.git.add(all=True)
    tiny.repo.index.commit("no skipping")
    code, _, err = cli("run", "phase-0", "--lookahead", "--project", str(tiny.root))
    assert code == 2 and "--lookahead needs skip-unchanged" in err
    tiny.write("pyproject.toml", text.replace("skip-unchanged = false\n", "skip-unchanged = false\nlookahead = true\n"))
    tiny.repo.git.add(all=True)
    tiny.repo.index.commit("lookahead without skipping")
    code, _, err = cli("run", "phase-0", "--project", str(tiny.root))
    assert code == 2 and "driver.lookahead" in err and "'lookahead' needs 'skip-unchanged'" in err


def test_cancel_ends_the_commands_another_thread_started(tmp_path):
    groups = ChildGroups()
    done: list = []

    def work() -> None:
        with owned_by(groups):
            done.append(run_command("sleep 30 & sleep 30; echo never", cwd=tmp_path, env=dict(os.environ), shell=True))
            done.append(run_command(["sleep", "30"], cwd=tmp_path, env=dict(os.environ)))  # started after cancel

    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 10
    while not groups._live and time.monotonic() < deadline:
        time.sleep(0.02)
    began = time.perf_counter()
    groups.cancel()
    thread.join(20)
    assert not thread.is_alive()
    assert time.perf_counter() - began < 10
    assert [d.ok for d in done] == [False, False] and "never" not in done[0].output


# Slow from task 2 on (its failing gate, task 3's lookahead beside it), not in the baseline and task 1.
FAILS_AT_TASK_2 = ("import os, time\n\ndef test_not_prepared():\n"
                   "    if os.environ.get('stage'):\n        time.sleep(2)\n"
                   "    assert os.environ.get('stage') != 'prepared'\n")


def test_run_all_carries_the_lookahead_into_the_next_phase(project, cli):
    tiny = project()
    code, _, err = cli("baseline", "--project", str(tiny.root))
    assert code == 0, err
    code, out, err = cli("run", "--all", "--lookahead", "--project", str(tiny.root), "--format", "json",
                         "--timings")
    assert code == 0, err
    phases = {p["phase"]: p for p in json.loads(out)["phases"]}
    (prepared,) = phases["phase-0"]["tasks"]
    restructured, named = phases["phase-1"]["tasks"]
    assert _tests_gate(prepared)["summary"] == "3 passed"
    # Task 3, the first of phase-1, ran ahead beside task 2, the last of phase-0.
    assert _tests_gate(restructured)["summary"] == (
        "skipped: inputs unchanged since the lookahead ran them beside task 2's gates (3 passed)")
    assert _tests_gate(named)["summary"] == "3 passed"  # a task verified ahead pairs with nothing
    assert restructured["lookahead"]["verdict"] == "verified" and restructured["lookahead"]["wait"] >= 0
    assert "lookahead" not in prepared and "lookahead" not in named
    assert tiny.messages()[:4] == ["phase-1: record task 4 done", "phase-1: Name the app source",
                                   "phase-1: record task 3 done", "phase-1: Record the restructure stage"]
    assert tiny.repo.is_dirty(untracked_files=True) is False
    _no_worktree_left(tiny)


def test_a_failing_phase_stops_the_lookahead_it_started_for_the_next(project, cli):
    tiny = project()
    tiny.write("tests/test_extra.py", FAILS_AT_TASK_2)
    tiny.repo.git.add(all=True)
    tiny.repo.index.commit("a test that fails once the stage is 'prepared'")
    code, _, err = cli("baseline", "--project", str(tiny.root))
    assert code == 0, err
    start = tiny.head()
    began = time.perf_counter()
    code, out, err = cli("run", "--all", "--lookahead", "--project", str(tiny.root), "--format", "json")
    assert code == 1, err
    (phase0,) = json.loads(out)["phases"]  # phase-1 never started
    assert phase0["failed_step"] == "task 2 'Record the preparation stage': gate tests"
    assert tiny.head() == start and tiny.repo.is_dirty(untracked_files=True) is False
    _no_worktree_left(tiny)
    assert time.perf_counter() - began < 60


def test_the_baseline_has_the_next_task_run_ahead_beside_its_own_suite(project, cli):
    tiny = project()
    code, out, err = cli("run", "--all", "--lookahead", "--project", str(tiny.root), "--format", "json",
                         "--timings")
    assert code == 0, err
    baseline, prepared, restructured, named = [t for p in json.loads(out)["phases"] for t in p["tasks"]]
    assert baseline["actions"][0]["kind"] == "baseline" and "tests passing" in baseline["actions"][0]["summary"]
    # The baseline changes no file git sees: task 2 ran ahead while the baseline's suite ran.
    assert _tests_gate(prepared)["summary"] == (
        "skipped: inputs unchanged since the lookahead ran them beside task 1's actions (3 passed)")
    assert prepared["lookahead"]["verdict"] == "verified"
    assert _tests_gate(restructured)["summary"] == "3 passed"
    assert _tests_gate(named)["summary"] == (
        "skipped: inputs unchanged since the lookahead ran them beside task 3's gates (3 passed)")
    assert [t.name for t in tiny.repo.tags] == ["tiny-baseline"]
    assert tiny.repo.is_dirty(untracked_files=True) is False
    _no_worktree_left(tiny)
