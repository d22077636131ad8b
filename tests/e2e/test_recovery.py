"""A run killed with SIGKILL mid-phase is detected and undone by the next run, which then completes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import git
import pytest

from tests.helpers import head, run_cli, snapshot_changes, tree_snapshot

pytestmark = pytest.mark.slow

APP = Path("src") / "trading_api"
TIMEOUT = 900.0


def _wait_until(proc: subprocess.Popen[bytes], ready: Any) -> None:
    """Poll `ready()` until it holds; fail if the run ends first or never gets there."""
    deadline = time.monotonic() + TIMEOUT
    while not ready():
        assert proc.poll() is None, f"the run ended (exit {proc.returncode}) before the kill point"
        assert time.monotonic() < deadline, "the run never reached the kill point"
        time.sleep(0.02)


def test_killed_run_is_undone_on_the_next_start_then_completes(phase0_repo: Path, tmp_path: Path) -> None:
    repo = phase0_repo
    before, start = tree_snapshot(repo), head(repo)
    journal = repo / ".refactor-tools" / "run.json"
    second_scaffold = repo / APP / "shared" / "module_registry.py"
    log = (tmp_path / "killed.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "refactor_tools", "run", "phase-1"],
        cwd=repo, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        # Task 1 is committed and recorded, task 2's scaffold has written into the tree.
        _wait_until(proc, lambda: journal.exists() and second_scaffold.exists())
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and the gate processes it started
        proc.wait()
        log.close()
    assert proc.returncode == -signal.SIGKILL
    assert journal.exists()
    assert head(repo) != start, "the kill point is after task 1's commit"

    status = run_cli(repo, "status")
    assert status.returncode == 0
    assert f"a run of phase-1 (pid {proc.pid}) is recorded in progress" in status.stderr

    # The next start undoes the killed run; phase-0 is done, so nothing else happens.
    undo = run_cli(repo, "run", "phase-0", "--format", "json")
    assert undo.returncode == 0, undo.stdout + undo.stderr
    result = json.loads(undo.stdout)
    assert result["status"] == "already-done"
    assert result["recovered"].startswith(f"undid an interrupted run of phase-1 (pid {proc.pid}")
    assert head(repo) == start
    assert not journal.exists()
    assert snapshot_changes(before, tree_snapshot(repo)) == []

    done = run_cli(repo, "run", "phase-1", "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    phase = json.loads(done.stdout)
    assert phase["status"] == "done" and phase["recovered"] is None
    assert [t["status"] for t in phase["tasks"]] == ["done"] * 4
    assert (repo / APP / "app_factory.py").is_file() and second_scaffold.is_file()
    assert git.Repo(repo).is_dirty(untracked_files=True) is False
    verify = run_cli(repo, "status", "--verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
