"""Fixtures of the driver's tests: a tiny FastAPI project in a real git repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import ASSETS, GitProject

ASSET = ASSETS / "driver" / "tiny"


@pytest.fixture
def project(tmp_path: Path):
    """Return a factory: `project(plan=None, progress=None)` copies the tiny project and commits it."""
    counter = iter(range(100))

    def make(plan: str | None = None, progress: str | None = None) -> GitProject:
        root = tmp_path / f"tiny{next(counter)}"
        shutil.copytree(ASSET, root)
        if plan is not None:
            (root / "plans" / "plan.toml").write_text(plan, encoding="utf-8")
        if progress is not None:
            (root / "plans" / "PROGRESS.md").write_text(progress, encoding="utf-8")
        return GitProject(root)

    return make


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
