"""`refactor-tools config`: every key, its value in force and where it came from."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from refactor_tools.cli import main
from refactor_tools.schema import validate_table

TINY = Path(__file__).resolve().parents[1] / "assets" / "driver" / "tiny"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    return root


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["config", *args]) == 0
    return capsys.readouterr().out


def test_text_output_is_toml_holding_the_effective_values(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "--project", str(project))
    printed = tomllib.loads(out)["tool"]["refactor-tools"]
    written = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["refactor-tools"]
    effective = validate_table(written, "pyproject.toml").model_dump(by_alias=True, exclude_none=True)
    assert printed == effective
    assert printed["driver"]["timeout"] == 1800 and "app" not in printed
    # An absent table shows its defaults as comments: without [app] the plugin stays inactive.
    assert "# [tool.refactor-tools.app] is not written; its defaults:\n#   source = \"legacy\"" in out


def test_each_key_names_its_origin(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _run(capsys, "--project", str(project)).splitlines()
    assert any(line.startswith('package = "tinyapp"') and line.endswith("# pyproject.toml") for line in lines)
    assert any(line.startswith("pytest-args = ") and line.endswith("# pyproject.toml") for line in lines)
    assert any(line.startswith("timeout = 1800") and line.endswith("# default") for line in lines)
    assert "# env-file is not set (default)" in lines


def test_json_output_is_sorted_and_stable(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _run(capsys, "--project", str(project), "--format", "json")
    assert first == _run(capsys, "--project", str(project), "--format", "json")
    data = json.loads(first)
    assert list(data["keys"]) == sorted(data["keys"])
    assert data["keys"]["package"] == {"origin": "pyproject.toml", "value": "tinyapp"}
    assert data["keys"]["driver.commit-hooks"] == {"origin": "default", "value": False}
    assert data["keys"]["boundaries.skipped-files"] == {"origin": "default", "value": "error"}


def test_invalid_configuration_is_exit_2_naming_every_problem(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'timout = 5\n\n[tool.refactor-tools.app]\nsource = "both"\n')
    assert main(["config", "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert "[tool.refactor-tools.app.source]: 'source' must be 'legacy' or 'factory', got 'both'" in err
    assert "[tool.refactor-tools.driver.timout]: unknown key 'timout' (did you mean 'timeout'?)" in err
