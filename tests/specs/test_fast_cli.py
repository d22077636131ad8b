"""`diff-specs` runs without Typer when its options are plain, with the same output; bytecode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tools.cli.fast_specs import parse_diff_specs

FILES = Path(__file__).resolve().parents[1] / "assets" / "specs" / "files"


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["--format", "xml"], ["--fail-on", "sometimes"], ["--baseline"],
    ["--unknown"], ["a", "b", "c"], ["--no-cache=yes"], ["-fjson"],
])
def test_anything_else_is_left_to_typer(args):
    assert parse_diff_specs(args) is None


def test_parsed_values(tmp_path):
    assert parse_diff_specs(["old.json", "--format=sarif", "new.json", "--project", str(tmp_path),
                             "--no-cache", "--fail-on", "any"]) == {
        "old": "old.json", "new": "new.json", "baseline": None, "fmt": "sarif", "fail_on": "any",
        "no_cache": True, "project": tmp_path}
    assert parse_diff_specs([])["old"] is None


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github", "sarif", "junit"])
def test_plain_options_give_the_same_output_as_typer(capsys, monkeypatch, fmt):
    from refactor_tools.cli import app, fast_specs

    monkeypatch.chdir(FILES)
    args = ["old_openapi.json", "new_openapi.json", "--format", fmt]
    code = fast_specs.run_diff_specs(**parse_diff_specs(args))
    fast_out = capsys.readouterr().out
    typer_code = app(args=["diff-specs", *args], standalone_mode=False)
    assert (code, fast_out) == (typer_code, capsys.readouterr().out)
    assert code == 1


def test_a_warm_diff_imports_neither_typer_nor_gitpython(project):
    script = (
        "import sys\n"
        "from refactor_tools.cli import main\n"
        f"code = main(['diff-specs', '--project', {str(project.root)!r}, '--format', 'json'])\n"
        "assert code == 0, code\n"
        "print(sorted(m for m in ('typer', 'click', 'git', 'pydantic') if m in sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    warm = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr
    assert "read from the cache" in warm.stderr
    assert warm.stdout.strip().splitlines()[-1] == "[]"


def test_generation_writes_no_bytecode_into_the_project(project, monkeypatch, tmp_path):
    from refactor_tools.config import load_config
    from refactor_tools.specs import diff_specs

    prefix = tmp_path / "pycache"
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(prefix))
    assert diff_specs(load_config(project.root)).verdict == "identical"
    assert not list(project.root.rglob("__pycache__"))
    assert list(prefix.rglob("main*.pyc"))
