"""The harness lints itself: this repository's layer rules catch a harness import that breaks them.

The repository's own pyproject (three packages, the `refactor_tools` layers) is checked on a copy
of the sources with one forbidden import injected per layer kind: a pure core reaching an I/O
adapter, an adapter reaching a slice (or ProjectConfig), a slice reaching a sibling, the driver
reaching the commands above it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from refactor_tools.cli import main

REPO = Path(__file__).resolve().parents[2]

INJECTED = {
    "refactor_tools/specs/render.py": ("from refactor_tools.adapters import git as _git", "pure-core-specs-render"),
    "refactor_tools/driver/plan.py": ("from refactor_tools.adapters import process as _p", "pure-core-driver-plan"),
    "refactor_tools/adapters/state.py": ("from refactor_tools.config import ProjectConfig as _C", "harness-adapters"),
    "refactor_tools/codemods/names.py": ("from refactor_tools.specs import model as _m", "harness-codemods"),
    "refactor_tools/driver/journal.py": ("from refactor_tools.report import page as _page", "harness-driver"),
    "refactor_tools/graph/text.py": ("from refactor_tools.driver import plan as _plan", "harness-graph"),
}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    for package in ("trading_api", "typed_ws", "refactor_tools"):
        shutil.copytree(REPO / "src" / package, root / "src" / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return root


def check(root: Path, capsys) -> tuple[int, dict]:
    code = main(["check-boundaries", "--project", str(root), "--format", "json", "--no-cache"])
    return code, json.loads(capsys.readouterr().out)


def test_the_copy_is_clean_as_the_repository_is(copy: Path, capsys):
    code, report = check(copy, capsys)
    assert code == 0, report
    assert report["new"] == [] and report["counts"]["modules"] > 200


def test_each_injected_layer_break_is_caught_by_its_rule(copy: Path, capsys):
    for relative, (line, _) in INJECTED.items():
        path = copy / "src" / relative
        text = path.read_text(encoding="utf-8")
        head, sep, rest = text.partition("from __future__ import annotations\n")
        path.write_text(head + sep + line + "\n" + rest if sep else line + "\n" + text, encoding="utf-8")
    code, report = check(copy, capsys)
    assert code == 1
    found = {(v["rule"], v["path"].split("src/", 1)[-1]) for v in report["new"]}
    for relative, (_, rule) in INJECTED.items():
        assert (rule, relative) in found, f"{rule} did not catch {relative}: {sorted(found)}"
