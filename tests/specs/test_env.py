"""The generation environment of both sides of a diff: `[specs] env`, the shared env, the cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from refactor_tools.cli import main
from refactor_tools.config import load_config
from refactor_tools.specs import diff_specs, export_specs, specs_config
from refactor_tools.specs import cache as specs_cache

ASSET = Path(__file__).resolve().parents[1] / "assets" / "specs" / "env_route"
PRIVATE = "/private/users"


@pytest.fixture
def env_project(tmp_path: Path) -> Path:
    """The env_route asset in a real git repository, committed and tagged `v1`."""
    import git

    root = tmp_path / "env_route"
    shutil.copytree(ASSET, root)
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Specs Test")
        cfg.set_value("user", "email", "specs@example.invalid")
    repo.git.add("-A")
    repo.index.commit("env route app")
    repo.create_tag("v1")
    return root


def _set_pyproject(root: Path, old: str, new: str) -> None:
    path = root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _cached_paths(root: Path, commit: str) -> set[str]:
    doc = json.loads((root / specs_cache.CACHE_DIR / commit / "openapi.json").read_text())
    return set(doc["paths"])


@pytest.mark.parametrize("shell", ["local", "production", None])
def test_fixed_env_gives_identical_whatever_the_shell_says(env_project, monkeypatch, capsys, shell):
    if shell is None:
        monkeypatch.delenv("ENVIRONMENT", raising=False)
    else:
        monkeypatch.setenv("ENVIRONMENT", shell)
    code = main(["diff-specs", "--project", str(env_project), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert (code, out["verdict"]) == (0, "identical")
    # Both sides were generated under ENVIRONMENT=local: the development route is there.
    assert PRIVATE in _cached_paths(env_project, out["baseline"]["commit"])


def test_the_cache_is_not_reused_when_the_env_changes(env_project, monkeypatch):
    monkeypatch.setenv("ENVIRONMENT", "production")
    first = diff_specs(load_config(env_project))
    again = diff_specs(load_config(env_project))
    assert (first.cached, again.cached, first.verdict) == (False, True, "identical")

    _set_pyproject(env_project, 'env = { ENVIRONMENT = "local" }', 'env = { ENVIRONMENT = "staging" }')
    changed = diff_specs(load_config(env_project))
    assert (changed.cached, changed.verdict) == (False, "identical")
    assert PRIVATE not in _cached_paths(env_project, changed.baseline_commit)


def test_specs_env_overrides_the_shared_env_which_overrides_the_env_file(env_project, monkeypatch):
    monkeypatch.setenv("ENVIRONMENT", "local")
    (env_project / ".env").write_text("ENVIRONMENT=staging\nFROM_FILE=yes\n", encoding="utf-8")
    _set_pyproject(env_project, 'baseline = "v1"\n',
                   'baseline = "v1"\nenv-file = ".env"\nenv = { ENVIRONMENT = "production", SHARED = "1" }\n')
    config = load_config(env_project)
    assert specs_config(config).env_dict() == {"ENVIRONMENT": "local", "FROM_FILE": "yes", "SHARED": "1"}

    # Without the specs table's env, the shared env wins over the file and over the shell.
    _set_pyproject(env_project, 'env = { ENVIRONMENT = "local" }\n', "")
    config = load_config(env_project)
    assert specs_config(config).env_dict()["ENVIRONMENT"] == "production"
    diff = diff_specs(config)
    assert diff.verdict == "identical"
    assert PRIVATE not in _cached_paths(env_project, diff.baseline_commit)
    exported = export_specs(config, env_project / "out")
    doc = json.loads(exported.files[0].path.read_text())
    assert PRIVATE not in doc["paths"]


def test_the_cache_entry_keeps_a_hash_of_the_env_not_its_values(env_project, monkeypatch):
    (env_project / ".env").write_text("SECRET_KEY=do-not-copy-me\n", encoding="utf-8")
    _set_pyproject(env_project, 'baseline = "v1"\n', 'baseline = "v1"\nenv-file = ".env"\n')
    diff = diff_specs(load_config(env_project))
    meta = (env_project / specs_cache.CACHE_DIR / diff.baseline_commit / "meta.json").read_text()
    assert "do-not-copy-me" not in meta
    data = json.loads(meta)
    assert {"env", "generator", "tool", "targets"} <= set(data)


def test_a_bad_specs_env_is_a_config_error(env_project, capsys):
    _set_pyproject(env_project, 'env = { ENVIRONMENT = "local" }', "env = { ENVIRONMENT = true }")
    assert main(["diff-specs", "--project", str(env_project)]) == 2
    err = capsys.readouterr().err
    assert "[tool.refactor-tools.specs.env]" in err
    assert "ENVIRONMENT must be a string" in err


def test_the_drivers_spec_gate_generates_both_sides_with_the_fixed_env(env_project, monkeypatch):
    from refactor_tools.driver.gates import run_gate

    monkeypatch.setenv("ENVIRONMENT", "production")
    result = run_gate("specs", load_config(env_project), "identical", "v1")
    assert (result.ok, result.metrics["verdict"]) == (True, "identical")
    commit = diff_specs(load_config(env_project)).baseline_commit
    assert PRIVATE in _cached_paths(env_project, commit)
