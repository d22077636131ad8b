"""The tests gate on a real project: its own configuration, its env, JUnit results, time bounds."""

from __future__ import annotations

import os
import sys

from refactor_tools.config import load_config
from refactor_tools.driver.gates import gate_steps


def _run(project, modes=None, baseline="HEAD"):
    config = load_config(project.root)
    results = []
    for name, run in gate_steps(config, modes or {"tests": True}, baseline):
        result = run()
        results.append(result)
        if not result.ok:
            break
    return results


def test_default_runs_the_projects_own_config_sequentially_with_its_env(notes):
    project = notes()
    tests, ruff = _run(project)
    assert tests.ok, tests.details
    # Every app test under each source in one process; the rest once.
    assert tests.summary == "legacy: 1 passed; factory: 1 passed; without the app: 2 passed"
    command = tests.metrics["command"]
    assert command[:2] == ["-m", "pytest"] and "-n" not in command
    assert "--app-source" in command and command[command.index("--app-source") + 1] == "both"
    assert ruff.name == "command ruff" and ruff.ok
    # Nothing the gate wrote is left in the tree: bytecode, pytest cache and reports live elsewhere.
    assert not project.repo.untracked_files
    assert not list(project.root.rglob("__pycache__")) and not (project.root / ".pytest_cache").exists()


def test_failure_shows_command_env_and_full_reason_per_source(notes):
    project = notes()
    long_reason = "the legacy app answered something else; " * 6
    project.write("tests/test_source.py", (
        "def test_only_factory(client, app_source):\n"
        f"    assert app_source == 'factory', {long_reason!r}\n"
    ))
    (tests,) = _run(project)
    assert not tests.ok
    assert tests.summary == "legacy: 1 failed, 1 passed; factory: 2 passed; without the app: 2 passed"
    details = "\n".join(tests.details)
    assert (f"command: {sys.executable} -m pytest -p no:hypothesispytest -p no:schemathesis "
            "--app-source both --junit-xml=") in details
    assert "NOTES_DB=notes.db" in details and "NOTES_MODE=test" in details
    assert "PYTHONPYCACHEPREFIX=" in details
    assert "FAILED tests/test_source.py::test_only_factory[legacy] [legacy]" in details
    assert long_reason.strip() in details  # never cut at the terminal's width
    assert "test_only_factory[factory]" not in details


def test_pytest_args_are_added_to_the_projects_config(notes):
    project = notes()
    project.set_table('[tool.refactor-tools.app]', '[tool.refactor-tools.driver]\npytest-args = ["-k", "environment"]\n\n[tool.refactor-tools.app]')
    tests, _ = _run(project)
    assert tests.ok and tests.summary == "1 passed"
    command = tests.metrics["command"]
    assert command[command.index("-k"):command.index("-k") + 2] == ["-k", "environment"]


def test_timeout_fails_the_gate_and_kills_the_suite(notes, tmp_path, wait_gone):
    project = notes()
    marker = tmp_path / "child.pid"
    project.write("tests/test_slow.py", (
        "import subprocess, sys, time\n"
        "def test_hangs():\n"
        "    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])\n"
        f"    open({str(marker)!r}, 'w').write(str(child.pid))\n"
        "    time.sleep(300)\n"
    ))
    project.set_table('[tool.refactor-tools.app]', '[tool.refactor-tools.driver]\ntimeout = 4\n\n[tool.refactor-tools.app]')
    (tests,) = _run(project)
    assert not tests.ok
    assert tests.summary == "timed out after 4 s (process group killed)"
    assert wait_gone(int(marker.read_text()))


def test_env_reaches_command_gates(notes):
    project = notes()
    project.write("check_env.py", "import os, sys\nsys.exit(0 if os.environ['NOTES_DB'] == 'notes.db' else 7)\n")
    project.set_table('run = "gate"', 'run = "gate"\n\n[[tool.refactor-tools.gates.commands]]\nname = "env"\n'
                      'command = "python check_env.py"\nrun = "before-tests"')
    names = [g.name for g in _run(project)]
    assert names == ["command env", "tests", "command ruff"]


def test_failing_command_gate_names_command_and_output(notes):
    project = notes()
    project.write("src/notes/bad.py", "import os\n")  # F401: unused import
    results = _run(project)
    assert [(g.name, g.ok) for g in results] == [("tests", True), ("command ruff", False)]
    ruff = results[-1]
    assert ruff.summary == "`ruff check --no-cache src tests` exited 1"
    details = "\n".join(ruff.details)
    assert "command: ruff check --no-cache src tests" in details and "F401" in details
    assert os.path.join("src", "notes", "bad.py") in details
