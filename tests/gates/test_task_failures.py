"""A failure injected per gate kind fails the task and restores the tree (contents and modes as git keeps them)."""

from __future__ import annotations

import textwrap

import pytest

PLAN = """
[plan]
name = "notes-modular"
title = "Notes modular migration"

[[phases]]
id = "phase-0"
title = "Preparation"

[[phases.tasks]]
id = "baseline"
number = 1
title = "Pre-Migration Validation"
actions = [{{kind = "baseline"}}]
gates = {{tests = false}}

[[phases]]
id = "phase-1"
title = "Restructure"

[[phases.tasks]]
id = "mark-restructured"
number = 2
title = "Record the restructure stage"
actions = [
    {{kind = "config", key = "driver.skip-unchanged", value = false}},
    {extra}
    {{kind = "scaffold", template = "plans/inject.tmpl", path = "{path}"}},
]
gates = {{tests = true}}
"""



@pytest.fixture
def cli(capsys):
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    from refactor_tools.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _prepared(notes, cli, path: str, content: str, extra: str = "", toml: str = ""):
    project = notes()
    project.write("plans/plan.toml", PLAN.format(path=path, extra=extra))
    project.write("plans/inject.tmpl", textwrap.dedent(content))
    if toml:
        project.write("pyproject.toml", project.read("pyproject.toml") + "\n" + toml)
    project.commit_all("the plan")
    code, _, err = cli("baseline", "--project", str(project.root))
    assert code == 0, err
    return project


def _fails_and_restores(project, cli, gate: str, *expected: str) -> str:
    head = project.repo.head.commit.hexsha
    # notes.db is the suite's own database (ignored, written by every run): not the tree's.
    before = {k: v for k, v in project.snapshot().items() if k != "notes.db"}
    code, out, err = cli("run", "phase-1", "--project", str(project.root))
    text = out + err
    assert code == 1, text
    assert gate in text, text
    for line in expected:
        assert line in text, text
    assert project.repo.head.commit.hexsha == head
    assert {k: v for k, v in project.snapshot().items() if k != "notes.db"} == before
    return text


def test_failing_test(notes, cli):
    project = _prepared(notes, cli, "tests/test_injected.py", """
        def test_injected():
            assert 40 + 2 == 41, "the injected failure, with a reason longer than any terminal line is wide"
    """)
    _fails_and_restores(project, cli, "gate tests", "FAILED tests/test_injected.py::test_injected",
                        "the injected failure, with a reason longer than any terminal line is wide")


def test_failing_gate_command(notes, cli):
    project = _prepared(notes, cli, "src/notes/bad.py", "import os\n")
    _fails_and_restores(project, cli, "gate tests: command ruff", "ruff check --no-cache src tests", "F401")


def test_failing_before_tests_command(notes, cli):
    toml = '[[tool.refactor-tools.gates.commands]]\nname = "migrate"\ncommand = "test ! -e BLOCKED"\nrun = "before-tests"\n'
    project = _prepared(notes, cli, "BLOCKED", "blocked\n", toml=toml)
    _fails_and_restores(project, cli, "gate tests: command migrate", "`test ! -e BLOCKED` exited 1")


def test_coverage_drop(notes, cli):
    toml = "[tool.refactor-tools.gates.coverage]\ntolerance = 0.5\n"
    body = "def never_called(x):\n" + "".join(f"    x += {i}\n" for i in range(30)) + "    return x\n"
    project = _prepared(notes, cli, "src/notes/uncovered.py", body, toml=toml)
    _fails_and_restores(project, cli, "gate tests: coverage", "is below 99.50% (baseline 100.00% - 0.5)")


def test_timeout(notes, cli):
    extra = '{kind = "config", key = "driver.timeout", value = 3},'
    project = _prepared(notes, cli, "tests/test_hang.py", """
        import time

        def test_hangs():
            time.sleep(600)
    """, extra=extra)
    _fails_and_restores(project, cli, "gate tests", "timed out after 3 s (process group killed)")
