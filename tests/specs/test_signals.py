"""Ctrl-C or `kill` while the baseline is being generated still removes the worktree."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

HANG = '''import os, pathlib, signal
pathlib.Path(os.environ["SPECS_TEST_MARKER"]).write_text("importing")
signal.pause()
'''


def _wait_for(path, proc, deadline_s=60.0):
    # Waits on the baseline child's marker file, not on a fixed delay.
    end = time.monotonic() + deadline_s
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < end, "the baseline generation never started"
        time.sleep(0.02)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_during_generation_removes_the_worktree(project, tmp_path, signum, code):
    project.write_main(extra_imports=HANG)
    project.commit("hangs on import", tag="hang")
    project.write_main()
    marker = tmp_path / "marker"
    env = {**os.environ, "SPECS_TEST_MARKER": str(marker)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "refactor_tools", "diff-specs", "--project", str(project.root),
         "--baseline", "hang"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        _wait_for(marker, proc)
        assert len(project.worktrees()) == 2
        proc.send_signal(signum)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == code
    assert len(project.worktrees()) == 1
