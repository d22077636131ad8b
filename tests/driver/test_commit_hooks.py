"""`[tool.refactor-tools.driver] commit-hooks`: the repository's own hooks on the driver's commits."""

from __future__ import annotations

import os
import stat

from refactor_tools.driver.taskrecords import read_task_records

# Like a formatter hook: it edits files, says why, and refuses the commit.
FAILING_HOOK = """#!/bin/sh
echo "hook called" >> "$(git rev-parse --git-dir)/hook-calls"
echo "# touched by the hook" >> pyproject.toml
echo "left by the hook" > hook-was-here.txt
echo "style-check: pyproject.toml: line too long (the hook's own words)" >&2
exit 1
"""

PASSING_HOOK = """#!/bin/sh
echo "$1 token=$HOOK_TOKEN" >> "$(git rev-parse --git-dir)/hook-calls"
test "$HOOK_TOKEN" = "from-config" || { echo "HOOK_TOKEN not set" >&2; exit 1; }
"""


def _install(tiny, name: str, script: str) -> None:
    path = tiny.root / ".git" / "hooks" / name
    path.write_text(script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def _with_hooks(project, cli, enabled: bool | None):
    tiny = project()
    assert cli("run", "phase-0", "--project", str(tiny.root))[0] == 0
    text = tiny.read("pyproject.toml")
    assert text.endswith('[tool.refactor-tools.env]\nstage = "prepared"\n')  # what phase-0 wrote
    text += 'HOOK_TOKEN = "from-config"\n'
    if enabled is not None:
        pytest_args = 'pytest-args = ["-q", "-p", "no:cacheprovider"]\n'
        text = text.replace(pytest_args, f"{pytest_args}commit-hooks = {'true' if enabled else 'false'}\n")
    tiny.write("pyproject.toml", text)
    tiny.commit_all("commit hooks configured")  # before any hook is installed
    return tiny


def _calls(tiny) -> list[str]:
    path = tiny.root / ".git" / "hook-calls"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def _modes(tiny) -> dict[str, int]:
    return {rel: stat.S_IMODE(os.stat(tiny.root / rel).st_mode) for rel in tiny.snapshot()}


def test_a_failing_pre_commit_hook_fails_the_task_and_the_tree_is_restored(project, cli):
    tiny = _with_hooks(project, cli, True)
    _install(tiny, "pre-commit", FAILING_HOOK)
    os.chmod(tiny.root / "src" / "tinyapp" / "main.py", 0o664)
    head, before, modes = tiny.head(), tiny.snapshot(), _modes(tiny)
    code, out, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 1, out + err
    assert "phase-1 failed: task 3 'Record the restructure stage': gate commit hooks: git commit failed with the " \
           "repository's hooks enabled (exit 1); hooks: pre-commit" in err
    assert "style-check: pyproject.toml: line too long (the hook's own words)" in err
    assert "3. Record the restructure stage: failed" in err
    assert _calls(tiny) == ["hook called"]
    assert tiny.head() == head
    assert tiny.snapshot() == before and _modes(tiny) == modes  # the hook's edits are undone too
    assert not tiny.repo.is_dirty(untracked_files=True)
    record = read_task_records(tiny.root)["mark-restructured"]
    assert record["status"] == "failed"
    hook = record["gates"][-1]
    assert (hook["name"], hook["ok"]) == ("commit hooks", False)
    assert "style-check: pyproject.toml: line too long (the hook's own words)" in hook["findings"][0]["output"]


def test_a_passing_hook_runs_on_every_commit_of_the_run_with_the_project_env(project, cli):
    tiny = _with_hooks(project, cli, True)
    _install(tiny, "commit-msg", PASSING_HOOK)
    start = tiny.head()
    code, out, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 0, out + err
    # Two tasks, each a code commit and a progress commit: four commits, each seen by the hook.
    assert len(tiny.repo.git.rev_list(f"{start}..HEAD").split()) == 4
    calls = _calls(tiny)
    assert len(calls) == 4 and all(c.endswith("token=from-config") for c in calls), calls
    assert "     - commit hooks: ok - the commit passed the repository's hooks" in out
    gates = [g["name"] for g in read_task_records(tiny.root)["mark-restructured"]["gates"]]
    assert gates == ["tests", "commit hooks", "commit hooks (progress)"]


def test_hooks_stay_off_by_default(project, cli):
    tiny = _with_hooks(project, cli, None)
    _install(tiny, "pre-commit", FAILING_HOOK)
    code, out, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 0, out + err
    assert _calls(tiny) == [] and "commit hooks" not in out + err
