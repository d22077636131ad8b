"""Shared work of the end-to-end migration tests: one demo run and one phase-0 repository per session.

Both are built once per test session even under xdist: the first worker that needs one builds it
under a file lock in the session's shared temp folder, the others wait and reuse it. Tests that
change a repository work on their own copy (`clone_repo`).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLE, PLANS, REPO, run_cli


def clone_repo(source: Path, target: Path) -> Path:
    """Copy a scratch repository with its git data and ignored state (`.refactor-tools/`)."""
    shutil.copytree(source, target, symlinks=True)
    return target


def _shared_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.getbasetemp()
    # Under xdist every worker has its own basetemp below one folder of this session.
    return base.parent if hasattr(request.config, "workerinput") else base


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_once(shared: Path, name: str, build: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """Build `shared/name` once per session (under a lock); return the record `build` wrote."""
    marker = shared / f"{name}.json"
    with _locked(shared / f"{name}.lock"):
        if not marker.exists():
            target = shared / name
            if target.exists():
                shutil.rmtree(target)  # a build of an earlier worker that crashed half-way
            record = build(target)
            marker.write_text(json.dumps(record), encoding="utf-8")
    return json.loads(marker.read_text(encoding="utf-8"))


def _run_demo(target: Path) -> dict[str, Any]:
    proc = run_cli(REPO, "demo", "--workdir", str(target), "--format", "json")
    return {"workdir": str(target), "exit": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr[-20000:]}


def _without_interpreter_dir(path: str) -> str:
    here = Path(sys.executable).parent.resolve()
    return os.pathsep.join(p for p in path.split(os.pathsep) if p and Path(p).resolve() != here)


def _run_sql_demo(target: Path) -> dict[str, Any]:
    # As a user runs `.venv/bin/refactor-tools` without activating the venv: its ruff and alembic
    # are not on PATH. No setting of the outer shell or test run leaks into the example.
    app_keys = {"DATABASE_URL", "ENVIRONMENT", "SECRET_KEY", "SMTP_HOST", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k not in app_keys and not k.startswith("PYTEST_")}
    env.update(COLUMNS="200", PATH=_without_interpreter_dir(env.get("PATH", "")))
    proc = subprocess.run(
        [sys.executable, "-m", "refactor_tools", "demo", "--example", "sql", "--workdir", str(target),
         "--format", "json"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=3600,
    )
    return {"workdir": str(target), "exit": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr[-20000:]}


def _phase0(target: Path) -> dict[str, Any]:
    from refactor_tools.driver.demo import prepare_workdir

    prepare_workdir(target, EXAMPLE, PLANS)
    proc = run_cli(target, "run", "phase-0", "--format", "json")
    return {"workdir": str(target), "exit": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr[-20000:]}


@pytest.fixture
def demo_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The whole demo, run once per session via the CLI: exit code, parsed JSON, workdir, stderr."""
    record = _build_once(_shared_dir(request, tmp_path_factory), "demo", _run_demo)
    assert record["stdout"].strip(), f"demo printed no JSON; stderr:\n{record['stderr']}"
    return {**record, "json": json.loads(record["stdout"]), "workdir": Path(record["workdir"])}


@pytest.fixture
def sql_demo_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`demo --example sql`, run once per session via the CLI: exit code, parsed JSON, workdir, stderr."""
    record = _build_once(_shared_dir(request, tmp_path_factory), "sql-demo", _run_sql_demo)
    assert record["stdout"].strip(), f"demo printed no JSON; stderr:\n{record['stderr']}"
    return {**record, "json": json.loads(record["stdout"]), "workdir": Path(record["workdir"])}


@pytest.fixture
def phase0_repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A private copy of a fresh demo repository whose phase-0 (the baseline) is done."""
    record = _build_once(_shared_dir(request, tmp_path_factory), "phase0", _phase0)
    assert record["exit"] == 0, f"phase-0 failed:\n{record['stdout']}\n{record['stderr']}"
    return clone_repo(Path(record["workdir"]), tmp_path / "repo")


@pytest.fixture
def demo_copy(demo_run: dict[str, Any], tmp_path: Path) -> Path:
    """A private copy of the migrated demo repository (for tests that change it)."""
    return clone_repo(demo_run["workdir"], tmp_path / "demo")
