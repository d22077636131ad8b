"""Fixtures: copy a one-case project from tests/assets/boundaries and run the CLI on it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from refactor_tools.cli import main

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "boundaries"
REPO = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).parent / "refactor-tools"


@dataclass(frozen=True)
class Result:
    """Exit code and captured streams of one CLI run."""

    code: int
    out: str
    err: str


@pytest.fixture
def project(tmp_path):
    """Return a function copying an asset project into tmp_path."""

    def copy(case: str) -> Path:
        target = tmp_path / case
        shutil.copytree(ASSETS / case, target)
        return target

    return copy


@pytest.fixture
def run(capsys):
    """Return a function running `refactor-tools check-boundaries` in-process."""

    def invoke(root: Path, *args: str) -> Result:
        capsys.readouterr()
        code = main(["check-boundaries", "--project", str(root), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def run_subprocess():
    """Return a function running the installed `refactor-tools` executable in a child process."""
    return _run_subprocess


def _run_subprocess(root: Path, *args: str, env: dict | None = None) -> Result:
    done = subprocess.run(
        [str(CLI), "check-boundaries", "--project", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def edit():
    """Return a function replacing text that must be present in a file."""
    return _edit


def _edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be present) with `new` in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
