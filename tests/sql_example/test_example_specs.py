"""The SQL example's specs do not depend on the shell: its pyproject fixes the generation env."""

from __future__ import annotations

import json
import tomllib

import pytest

from tests.sql_example.conftest import EXAMPLE, copy_example

PRIVATE = "/api/v1/private/users/"


@pytest.fixture(scope="module")
def sql_repo(tmp_path_factory: pytest.TempPathFactory):
    """A set-up copy of the example committed in a git repository, tagged as its baseline."""
    import git

    root = copy_example(tmp_path_factory.mktemp("sql-specs") / "sql_monolith")
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Specs Test")
        cfg.set_value("user", "email", "specs@example.invalid")
    repo.git.add("-A")
    repo.index.commit("sql monolith")
    repo.create_tag("pre-modular-baseline")
    assert ".env" not in repo.git.ls_files().split()
    return root


def test_the_example_fixes_environment_for_spec_generation():
    table = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())["tool"]["refactor-tools"]
    assert table["specs"]["env"] == {"ENVIRONMENT": "local"}


@pytest.mark.parametrize("shell", ["production", "staging", None])
def test_identical_at_its_own_head_whatever_the_shell_environment(sql_repo, run_in, shell):
    env = {} if shell is None else {"ENVIRONMENT": shell}
    result = run_in(sql_repo, "-m", "refactor_tools", "diff-specs", "--format", "json", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["verdict"] == "identical"

    out = sql_repo.parent / f"export-{shell}"
    export = run_in(sql_repo, "-m", "refactor_tools", "export-specs", "--out", str(out), env=env)
    assert export.returncode == 0, export.stdout + export.stderr
    paths = json.loads((out / "openapi.json").read_text())["paths"]
    assert PRIVATE in paths, sorted(paths)

