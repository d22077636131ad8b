"""The repository is a fence: plan, config and argument paths stay inside it, symlinks included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from refactor_tools.errors import ConfigError, UsageError
from refactor_tools.fileio import inside

PLAN = """
[plan]
name = "fence"
title = "Fence"

[[phases]]
id = "phase-0"
title = "Escapes"

[[phases.tasks]]
id = "escape"
number = 1
title = "Try to write outside"
actions = [{ACTION}]
gates = {tests = false}
"""


def test_inside_resolves_dots_absolute_paths_and_symlinks(tmp_path: Path):
    root = tmp_path / "repo"
    (root / "sub").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", root / "link")
    assert inside(root, "sub/x.py", what="path") == (root / "sub/x.py").resolve()
    for escape in ("../outside/x", "sub/../../outside", str(tmp_path / "outside/x"), "link/x.py"):
        with pytest.raises(ConfigError, match=r"resolves to .*outside the repository"):
            inside(root, escape, what="scaffold path")
    with pytest.raises(UsageError, match="^argument '../x' resolves to"):
        inside(root, "../x", what="argument", error=UsageError)


def _project_with(project, tmp_path: Path, action: str):
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "victim.txt").write_text("precious\n", encoding="utf-8")
    tiny = project(plan=PLAN.replace("{ACTION}", "{" + action + "}"))
    os.symlink(outside, tiny.root / "escape-link")
    tiny.commit_all("a symlink to a folder outside")
    return tiny, outside


@pytest.mark.parametrize("action", [
    'kind = "scaffold", template = "package_init", path = "../outside/new.py", values = {docstring = "x"}',
    'kind = "scaffold", template = "package_init", path = "escape-link/new.py", values = {docstring = "x"}',
    'kind = "scaffold", template = "escape-link/evil.tmpl", path = "src/x.py"',
    'kind = "config", key = "progress", value = "../outside/victim.txt"',
    'kind = "config", key = "progress", value = "escape-link/victim.txt"',
])
def test_plan_and_config_paths_outside_the_repository_exit_2_before_writing(project, cli, tmp_path, action):
    tiny, outside = _project_with(project, tmp_path, action)
    (outside / "evil.tmpl").write_text("x = 1\n", encoding="utf-8")
    start, before = tiny.head(), tiny.snapshot()
    code, _, err = cli("run", "phase-0", "--project", str(tiny.root))
    assert code == 2, err
    assert ("outside the repository" in err or "stay inside it" in err) and "Traceback" not in err
    assert sorted(p.name for p in outside.iterdir()) == ["evil.tmpl", "victim.txt"]
    assert (outside / "victim.txt").read_text() == "precious\n"
    assert tiny.head() == start and tiny.snapshot() == before


def test_config_values_outside_the_repository_are_refused_on_load(project, cli):
    tiny = project()
    tiny.write("pyproject.toml", tiny.read("pyproject.toml").replace(
        'progress = "plans/PROGRESS.md"', 'progress = "../victim.md"'))
    code, _, err = cli("status", "--project", str(tiny.root))
    assert code == 2
    assert "[tool.refactor-tools.progress]: 'progress' '../victim.md' resolves to" in err
