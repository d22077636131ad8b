"""A failure injected per gate kind fails the task and restores the tree, file modes included."""

from __future__ import annotations

import stat
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
    {{kind = "config", key = "driver.stage", value = "restructured"}},
    {extra}
    {{kind = "scaffold", template = "plans/inject.tmpl", path = "{path}"}},
]
gates = {{tests = true}}
"""

HOOK = """#!/bin/sh
if git diff --cached --name-only | xargs -r grep -l FORBIDDEN; then
    echo "pre-commit: FORBIDDEN found in the staged files" >&2
    exit 1
fi
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


def _prepared(notes, cli, path: str, content: str, extra: str = "", toml: str = "", hook: bool = False):
    project = notes()
    project.write("plans/plan.toml", PLAN.format(path=path, extra=extra))
    project.write("plans/inject.tmpl", textwrap.dedent(content))
    if toml:
        project.write("pyproject.toml", project.read("pyproject.toml") + "\n" + toml)
    if hook:
        hook_path = project.root / ".git" / "hooks" / "pre-commit"
        hook_path.write_text(HOOK, encoding="utf-8")
        hook_path.chmod(0o755)
    project.commit_all("the plan")
    code, _, err = cli("baseline", "--project", str(project.root))
    assert code == 0, err
    # Group-writable files must come back group-writable (git itself keeps only the x bit).
    (project.root / "pyproject.toml").chmod(0o664)
    (project.root / "src" / "notes" / "store.py").chmod(0o660)
    return project


def _fails_and_restores(project, cli, gate: str, *expected: str) -> str:
    head = project.repo.head.commit.hexsha
    before = project.snapshot()
    code, out, err = cli("run", "phase-1", "--project", str(project.root))
    text = out + err
    assert code == 1, text
    assert gate in text, text
    for line in expected:
        assert line in text, text
    assert project.repo.head.commit.hexsha == head
    assert project.snapshot() == before
    assert stat.S_IMODE((project.root / "pyproject.toml").stat().st_mode) == 0o664
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
    _fails_and_restores(project, cli, "gate command ruff", "ruff check --no-cache src tests", "F401")


def test_failing_before_tests_command(notes, cli):
    toml = '[[tool.refactor-tools.gates.commands]]\nname = "migrate"\ncommand = "test ! -e BLOCKED"\nrun = "before-tests"\n'
    project = _prepared(notes, cli, "BLOCKED", "blocked\n", toml=toml)
    _fails_and_restores(project, cli, "gate command migrate", "`test ! -e BLOCKED` exited 1")


def test_coverage_drop(notes, cli):
    toml = "[tool.refactor-tools.gates.coverage]\ntolerance = 0.5\n"
    body = "def never_called(x):\n" + "".join(f"    x += {i}\n" for i in range(30)) + "    return x\n"
    project = _prepared(notes, cli, "src/notes/uncovered.py", body, toml=toml)
    _fails_and_restores(project, cli, "gate coverage", "is below 99.50% (baseline 100.00% - 0.5)")


def test_timeout(notes, cli):
    extra = '{kind = "config", key = "driver.timeout", value = 3},'
    project = _prepared(notes, cli, "tests/test_hang.py", """
        import time

        def test_hangs():
            time.sleep(600)
    """, extra=extra)
    _fails_and_restores(project, cli, "gate tests", "timed out after 3 s (process group killed)")


def test_failing_commit_hook(notes, cli):
    toml = "[tool.refactor-tools.driver]\ncommit-hooks = true\n"
    project = _prepared(notes, cli, "src/notes/flag.py", "FLAG = 'FORBIDDEN'\n", toml=toml, hook=True)
    _fails_and_restores(project, cli, "commit hooks", "pre-commit: FORBIDDEN found in the staged files")


def test_hooks_do_not_run_unless_asked(notes, cli):
    project = _prepared(notes, cli, "src/notes/flag.py", "FLAG = 'FORBIDDEN'\n", hook=True)
    code, out, err = cli("run", "phase-1", "--project", str(project.root))
    assert code == 0, out + err
    assert (project.root / "src" / "notes" / "flag.py").is_file()
