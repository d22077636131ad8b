"""`run = "with-tests"` command gates: beside the suite, reported after it, same verdicts.

Each test synchronises the suite and the command through marker files outside the project
(never through timing): a test that waits for the command's marker passes only when both ran
at the same time.
"""

from __future__ import annotations

import sys
import textwrap

from refactor_tools.config import load_config
from refactor_tools.driver.gates import baseline_checks, gate_steps

WAIT = 60  # seconds a side waits for the other's marker before giving up


def _run(project):
    results = []
    for _, run in gate_steps(load_config(project.root), {"tests": True}, "HEAD"):
        results.append(run())
        if not results[-1].ok:
            break
    return results


def _with_command(project, name: str, script: str, body: str, run: str = "with-tests") -> None:
    project.write(script, body)
    project.set_table('run = "gate"', f'run = "gate"\n\n[[tool.refactor-tools.gates.commands]]\nname = "{name}"\n'
                                      f'command = "{sys.executable} {script}"\nrun = "{run}"')


def _test_waiting_for(name: str, path, then: str) -> str:
    """A test file: `name` waits for `path` to exist (at most WAIT seconds), then runs `then`."""
    body = (f"marker = pathlib.Path({str(path)!r})\n"
            f"deadline = time.monotonic() + {WAIT}\n"
            "while not marker.exists() and time.monotonic() < deadline:\n"
            "    time.sleep(0.05)\n"
            f"{then}")
    return "import pathlib\nimport time\n\n\ndef " + name + "():\n" + textwrap.indent(body, "    ")


def test_runs_while_the_suite_runs_and_reports_after_it(notes, tmp_path):
    project = notes()
    started, seen = tmp_path / "command-started", tmp_path / "suite-saw-it"
    _with_command(project, "lint", "lint.py", f"import pathlib\npathlib.Path({str(started)!r}).touch()\n")
    # The suite passes only if the command started while it ran.
    project.write("tests/test_beside.py", _test_waiting_for(
        "test_command_runs_beside", started, f"assert marker.exists()\npathlib.Path({str(seen)!r}).touch()\n"))
    project.commit_all("a with-tests command")
    results = _run(project)
    assert [(r.name, r.ok) for r in results] == [("tests", True), ("command lint", True), ("command ruff", True)]
    lint = results[1]
    assert lint.metrics == {"returncode": 0, "beside-suite": True}
    assert lint.summary.endswith("lint.py` exited 0") and lint.duration > 0
    assert seen.exists()


def test_a_tree_the_suite_changed_is_checked_again_after_it(notes, tmp_path):
    project = notes()
    checked = tmp_path / "command-checked"
    # Passes on the tree as the suite starts; fails once the suite has written late.txt.
    _with_command(project, "no-late", "no_late.py", (
        "import pathlib, sys\n"
        "late = pathlib.Path('late.txt').exists()\n"
        f"pathlib.Path({str(checked)!r}).touch()\n"
        "sys.exit(1 if late else 0)\n"))
    project.write("tests/test_writes.py", _test_waiting_for(
        "test_writes_into_the_tree", checked,
        "pathlib.Path(__file__).parent.parent.joinpath('late.txt').write_text('x')\n"))
    project.commit_all("a suite that writes into the tree")
    results = _run(project)
    assert [(r.name, r.ok) for r in results] == [("tests", True), ("command no-late", False)]
    again = results[-1]
    assert "beside-suite" not in again.metrics  # the verdict of the run after the suite
    assert again.metrics["returncode"] == 1


def test_a_failing_suite_stops_the_running_command(notes, tmp_path, wait_gone):
    project = notes()
    pid = tmp_path / "command.pid"
    _with_command(project, "slow", "slow.py", (
        "import os, pathlib, time\n"
        f"pathlib.Path({str(pid)!r}).write_text(str(os.getpid()))\n"
        "time.sleep(600)\n"))
    project.write("tests/test_fails.py", _test_waiting_for(
        "test_fails_once_the_command_runs", pid, "raise AssertionError('the suite fails')\n"))
    project.commit_all("a failing suite")
    results = _run(project)
    assert [(r.name, r.ok) for r in results] == [("tests", False)]
    assert "1 failed" in results[0].summary
    assert wait_gone(int(pid.read_text()))


def test_a_failing_command_fails_the_task_with_its_output(notes):
    project = notes()
    _with_command(project, "lint", "lint.py", "import sys\nprint('lint: 3 problems')\nsys.exit(3)\n")
    project.commit_all("a failing with-tests command")
    results = _run(project)
    assert [(r.name, r.ok) for r in results] == [("tests", True), ("command lint", False)]
    assert results[-1].summary.endswith("lint.py` exited 3")
    assert "    lint: 3 problems" in results[-1].details


def test_green_inputs_are_skipped_and_never_started(notes, tmp_path):
    project = notes()
    runs = tmp_path / "runs"
    _with_command(project, "count", "count.py", f"with open({str(runs)!r}, 'a') as f:\n    f.write('run\\n')\n")
    project.commit_all("a counting command")
    first = _run(project)
    second = _run(project)
    assert [r.ok for r in first] == [True, True, True] and [r.ok for r in second] == [True, True, True]
    assert second[1].summary.startswith("skipped: inputs unchanged") and second[1].metrics["skipped"] is True
    assert runs.read_text() == "run\n"  # once: the second stage did not start it beside the suite
    project.write("src/notes/extra.py", "VALUE = 1\n")  # any input changed: it runs again
    third = _run(project)
    assert third[1].metrics.get("beside-suite") is True and runs.read_text() == "run\nrun\n"


def test_the_baseline_runs_them_beside_its_suite(notes, tmp_path):
    project = notes()
    started = tmp_path / "command-started"
    _with_command(project, "lint", "lint.py", f"import pathlib\npathlib.Path({str(started)!r}).touch()\n")
    project.write("tests/test_beside.py", _test_waiting_for("test_command_runs_beside", started,
                                                            "assert marker.exists()\n"))
    project.commit_all("a with-tests command")
    run, commands = baseline_checks(load_config(project.root))
    assert run is not None and run.ok, run.output
    assert [(c.name, c.ok) for c in commands] == [("command lint", True), ("command ruff", True)]
    assert commands[0].metrics.get("beside-suite") is True
