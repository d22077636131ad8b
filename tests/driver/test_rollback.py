"""Failures restore the tree byte for byte; a killed run is undone on the next start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from refactor_tools.codemods import registry as codemod_registry
from refactor_tools.driver import actions
from refactor_tools.driver.journal import JOURNAL
from tests.helpers import plan_after_baseline, process_gone

BREAKING_PLAN = plan_after_baseline("tiny", "Tiny", """
[[phases]]
id = "phase-1"
title = "Restructure"

[[phases.tasks]]
id = "mark"
number = 2
title = "Mark the stage"
actions = [{kind = "config", key = "env.stage", value = "one"}]

[[phases.tasks]]
id = "break"
number = 3
title = "Break things"
actions = [{kind = "codemod", name = "break-things-for-tests"}]
""")


def _break_things(config, options, dry_run):
    """Change tracked, untracked and ignored files, delete one, and add a failing test."""
    root = Path(config.root)
    (root / "src/tinyapp/greeting.py").write_text("def greet(name):\n    return 'bye'\n", encoding="utf-8")
    (root / "tests/test_app.py").unlink()
    (root / "tests/test_new.py").write_text("def test_new():\n    assert False, 'injected'\n", encoding="utf-8")
    (root / "src/tinyapp/extra").mkdir()
    (root / "src/tinyapp/extra/__init__.py").write_text("", encoding="utf-8")
    (root / "run-output.log").write_text("ignored, created by the run\n", encoding="utf-8")
    return actions.ActionResult("codemod", "broke things", ("src/tinyapp/greeting.py",))


def test_failing_gate_restores_the_tree_byte_for_byte(project, cli, monkeypatch):
    monkeypatch.setitem(codemod_registry._TABLE, "break-things-for-tests", _break_things)
    tiny = project(plan=BREAKING_PLAN)
    assert cli("baseline", "--project", str(tiny.root))[0] == 0
    tiny.write(".venv/marker", "user's ignored file\n")
    tiny.write("keep.log", "user's ignored log\n")
    start, before = tiny.head(), tiny.snapshot()

    code, out, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 1
    assert out == ""
    assert "phase-1 failed: task 3 'Break things': gate tests:" in err
    assert "1 failed" in err and "tests/test_new.py::test_new" in err
    assert "tree restored to " + start[:7] in err
    assert tiny.head() == start  # task 2's commits were undone too
    assert tiny.snapshot() == before
    assert (tiny.root / ".venv/marker").read_text() == "user's ignored file\n"
    assert not (tiny.root / "run-output.log").exists()
    assert not (tiny.root / JOURNAL).exists()
    assert "phase-1" not in tiny.read("plans/PROGRESS.md").split("### 🔄")[0]

    code, out, _ = cli("run", "phase-1", "--format", "json", "--project", str(tiny.root))
    data = json.loads(out)
    assert code == 1 and data["status"] == "failed" and data["exit_code"] == 1
    assert data["failed_step"] == "task 3 'Break things': gate tests"
    assert [(t["task"], t["status"], t["commit"]) for t in data["tasks"]] == [
        ("mark", "rolled-back", None),  # committed, then undone with its phase
        ("break", "failed", None),
    ]
    assert any("tests/test_new.py::test_new" in line for line in data["failure"])
    assert tiny.head() == start and tiny.snapshot() == before


def test_failing_action_restores_and_exits_with_its_code(project, cli):
    tiny = project(plan=BREAKING_PLAN.replace("break-things-for-tests", "no-such-codemod"))
    assert cli("complete", "1", "--project", str(tiny.root))[0] == 0
    start, before = tiny.head(), tiny.snapshot()
    code, _, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 2
    assert "task 3 'Break things': action codemod: unknown codemod 'no-such-codemod'" in err
    assert "known codemods: " in err and "tests-use-fixtures" in err
    assert tiny.head() == start and tiny.snapshot() == before


def _wait_for(path: Path, proc: subprocess.Popen, limit: float = 240.0) -> None:
    deadline = time.monotonic() + limit
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run never reached its test gate"
        time.sleep(0.05)


def test_killed_run_is_undone_on_the_next_start(project, cli, tmp_path):
    tiny = project()
    assert cli("complete", "1", "--project", str(tiny.root))[0] == 0
    assert cli("complete", "2", "--project", str(tiny.root))[0] == 0
    tiny.write("keep.log", "user's ignored log\n")
    start, before = tiny.head(), tiny.snapshot()
    marker = tmp_path / "gate-started"
    env = {**os.environ, "TINYAPP_BLOCK_MARKER": str(marker)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "refactor_tools", "run", "phase-1", "--project", str(tiny.root)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        _wait_for(marker, proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    # The gate's pytest runs in a session of its own: the run's watchdog ends it, so no suite
    # goes on writing while the next start restores the tree.
    assert process_gone(int(marker.read_text())), "the gate's suite outlived the killed run"
    assert (tiny.root / JOURNAL).exists()
    assert 'stage = "restructured"' in tiny.read("pyproject.toml")  # killed mid-phase

    code, _, err = cli("status", "--project", str(tiny.root))
    assert code == 0 and "warning: a run of phase-1" in err

    code, out, err = cli("run", "phase-0", "--project", str(tiny.root))
    assert code == 0 and out.splitlines()[0] == "phase-0 already done"
    assert f"undid an interrupted run of phase-1 (pid {proc.pid}" in err
    assert f"tree restored to {start[:7]}" in err
    assert tiny.head() == start and tiny.snapshot() == before

    code, out, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 0, err
    assert "phase-1 done (2 task(s) committed)" in out


AFTER_HOOK_PLAN = plan_after_baseline("tiny", "Tiny", """
[[phases]]
id = "phase-1"
title = "Restructure"

[[phases.tasks]]
id = "move"
number = 2
title = "Move the greeting"
actions = [{kind = "move", old = "greeting", new = "shared.greeting", shim = false}]
gates = {tests = true, specs = "skip", boundaries = "skip"}
""")


def test_files_an_after_hook_rewrote_are_the_runs_not_a_users_edit(project, cli):
    # The codemods' after-hook (a formatter) rewrites the moved files outside the harness's own
    # writes; a failing gate must restore them without calling them the user's edits.
    tiny = project(plan=AFTER_HOOK_PLAN)
    tiny.write("mark.py", "import pathlib, sys\nfor f in sys.argv[1:]:\n"
                          "    p = pathlib.Path(f)\n    p.write_text(p.read_text() + '# formatted\\n')\n")
    tiny.write("pyproject.toml", tiny.read("pyproject.toml") + (
        f"\n[tool.refactor-tools.codemods]\nafter = ['{sys.executable} mark.py {{files}}']\n\n"
        '[[tool.refactor-tools.gates.commands]]\nname = "always-fails"\ncommand = "exit 3"\n'))
    tiny.commit_all("after-hook and a failing command gate")
    assert cli("complete", "1", "--project", str(tiny.root))[0] == 0
    start, before = tiny.head(), tiny.snapshot()
    code, _, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 1, err
    assert "command always-fails: `exit 3` exited 3" in err
    assert "kept your edit" not in err
    assert not (tiny.root / ".refactor-tools" / "kept").exists()
    assert tiny.head() == start and tiny.snapshot() == before
