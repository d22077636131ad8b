"""Patterns that match nothing name the likely move; github and SARIF paths are relative to
the git root when the project sits in a subfolder."""

from __future__ import annotations

import json
import shutil

import git

from .conftest import ASSETS


def _repo(path):
    repo = git.Repo.init(path)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test")
        config.set_value("user", "email", "test@example.com")
    return repo


def _commit_all(repo, message):
    repo.git.add("-A")
    repo.index.commit(message)


def test_a_pattern_naming_a_shimmed_path_says_where_it_moved(project, run, edit):
    root = project("shims")
    edit(root / "pyproject.toml", 'forbid = ["modules.{other}.**"]', 'forbid = ["modules.{other}.**", "legacy.**"]')
    result = run(root)
    assert result.code == 2
    assert "[tool.refactor-tools.boundaries.rules[0].forbid[1]]: pattern 'legacy.**' matches no module of package 'shop'" in result.err
    assert "Hint: 'legacy' moved to 'modules.beta' (a shim at the old path says so): write 'modules.beta.**' instead of 'legacy.**'" in result.err


def test_a_pattern_naming_a_path_git_saw_renamed_says_where_it_moved(tmp_path, run):
    root = tmp_path / "siblings"
    shutil.copytree(ASSETS / "siblings", root)
    repo = _repo(root)
    _commit_all(repo, "initial")
    repo.git.mv("src/shop/shared", "src/shop/common")
    _commit_all(repo, "shared is now common")
    result = run(root)
    assert result.code == 2
    assert "[tool.refactor-tools.boundaries.rules[1].from]: pattern 'shared.**' matches no module of package 'shop'" in result.err
    assert "Hint: 'shared' moved to 'common' (git recorded the rename): write 'common.**' instead of 'shared.**'" in result.err


def test_without_history_a_module_of_the_same_name_is_suggested(project, run, edit):
    root = project("siblings")
    shutil.move(root / "src/shop/shared", root / "src/shop/models/shared")
    result = run(root)
    assert result.code == 2
    assert "pattern 'shared.**' matches no module of package 'shop'" in result.err
    assert "Hint: no module is at 'shared' any more; modules named 'shared': 'models.shared': did it move?" in result.err


def test_a_pattern_with_no_likely_move_keeps_the_general_hint(project, run, edit):
    root = project("siblings")
    edit(root / "pyproject.toml", 'forbid = ["modules.{other}.**"]', 'forbid = ["modulez.{other}.**"]')
    result = run(root)
    assert result.code == 2
    assert "Hint: patterns are dotted names relative to 'shop', e.g. 'shared.**'" in result.err


def test_github_and_sarif_paths_are_relative_to_the_git_root(tmp_path, run):
    top = tmp_path / "repo"
    root = top / "backend"
    shutil.copytree(ASSETS / "siblings", root)
    _repo(top)
    github = run(root, "--format", "github").out.splitlines()
    assert github[0].startswith("::error file=backend/src/shop/modules/alpha/api.py,line=5,title=[module-siblings]::")
    text = run(root).out
    assert "\nsrc/shop/modules/alpha/api.py:5: [module-siblings]" in text  # text stays project-relative
    (sarif_run,) = json.loads(run(root, "--format", "sarif").out)["runs"]
    location = sarif_run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "backend/src/shop/modules/alpha/api.py", "uriBaseId": "SRCROOT"}
    assert sarif_run["originalUriBaseIds"] == {
        "PROJECTROOT": {
            "description": {"text": "The folder holding pyproject.toml."},
            "uri": "backend/",
            "uriBaseId": "SRCROOT",
        },
        "SRCROOT": {"description": {"text": "The root of the git repository."}},
    }


def test_at_the_git_root_paths_have_no_prefix(tmp_path, run):
    root = tmp_path / "siblings"
    shutil.copytree(ASSETS / "siblings", root)
    _repo(root)
    assert run(root, "--format", "github").out.startswith("::error file=src/shop/modules/alpha/api.py,line=5,")
    (sarif_run,) = json.loads(run(root, "--format", "sarif").out)["runs"]
    assert list(sarif_run["originalUriBaseIds"]) == ["SRCROOT"]
