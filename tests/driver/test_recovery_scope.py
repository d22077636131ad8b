"""Recovery touches only what the run made: kill -9 at every journal step, user files made
between the crash and the recovery are kept; Ctrl-C keeps a user's edit and says so."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import git
import pytest

from refactor_tools.driver.journal import JOURNAL
from tests.helpers import tree_snapshot

# Runs the CLI with `write_journal` wrapped: after its N-th call the process kills itself (kill -9),
# so the run dies right after that journal step reached the disk.
KILL_AT_STEP = textwrap.dedent("""
    import os, signal, sys
    from refactor_tools.driver import journal
    from refactor_tools.cli import main

    limit, calls = int(sys.argv[1]), [0]
    write = journal.write_journal

    def write_then_maybe_die(*args, **kwargs):
        write(*args, **kwargs)
        calls[0] += 1
        if calls[0] == limit:
            os.kill(os.getpid(), signal.SIGKILL)

    journal.write_journal = write_then_maybe_die
    sys.exit(main(sys.argv[2:]))
""")

USER_FILES = {
    ".env.local": "SECRET=mine\n",  # untracked
    ".venv/lib/site.py": "# the user's new virtualenv\n",  # ignored
    ".hypothesis/examples/x": "db\n",  # ignored by nothing: untracked folder
    "notes/todo.txt": "write the docs\n",
}


def _killed_at(root: Path, step: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", KILL_AT_STEP, str(step), "run", "phase-1", "--project", str(root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600,
    )


def _kill_copy_at(source: Path, target: Path, step: int) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Copy the repository (git data and state included), then run phase-1 on it killed at `step`."""
    shutil.copytree(source, target, symlinks=True)
    return target, _killed_at(target, step)


@pytest.mark.slow(seconds=10)
def test_kill_at_every_journal_step_then_recovery_keeps_user_files(project, cli, tmp_path):
    tiny = project()
    assert cli("complete", "1", "--project", str(tiny.root))[0] == 0
    assert cli("complete", "2", "--project", str(tiny.root))[0] == 0
    start, before = tiny.head(), tiny.snapshot()
    # Each step is killed on its own copy of the repository, two at a time; a step past the run's
    # last one finishes the run instead.
    killed: list[tuple[int, Path]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for first in range(1, 60, 2):
            steps = range(first, first + 2)
            runs = pool.map(lambda n: _kill_copy_at(tiny.root, tmp_path / f"step{n}", n), steps)
            finished = False
            for step, (root, proc) in zip(steps, runs):
                if proc.returncode != -signal.SIGKILL:
                    assert proc.returncode == 0, proc.stderr  # more steps than the run has: it finished
                    finished = True
                    break
                assert (root / JOURNAL).exists(), f"step {step}: no journal left behind"
                killed.append((step, root))
            if finished:
                break
    time.sleep(1.1)  # the user comes back later than the runs' last steps
    for step, root in killed:
        for rel, text in USER_FILES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        code, out, err = cli("run", "phase-0", "--project", str(root))
        assert code == 0, err
        assert "undid an interrupted run of phase-1" in err, err
        assert git.Repo(root).head.commit.hexsha == start, f"step {step}"
        after = tree_snapshot(root)
        for rel, text in USER_FILES.items():
            assert (root / rel).read_text(encoding="utf-8") == text, f"step {step}: {rel} was not kept"
            after.pop(rel)
        assert after == before, f"step {step}: {sorted(set(after.items()) ^ set(before.items()))}"
        assert "left as they are (not made by the run): " in err and ".env.local" in err
    assert len(killed) >= 6  # start, each action and gate step, each write: a real run has many steps


def test_ctrl_c_keeps_the_users_edit_and_says_what_it_restored(project, cli, tmp_path):
    tiny = project()
    assert cli("complete", "1", "--project", str(tiny.root))[0] == 0
    assert cli("complete", "2", "--project", str(tiny.root))[0] == 0
    start = tiny.head()
    marker = tmp_path / "gate-started"
    proc = subprocess.Popen(
        [sys.executable, "-m", "refactor_tools", "run", "phase-1", "--project", str(tiny.root)],
        env={**os.environ, "TINYAPP_BLOCK_MARKER": str(marker)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        # A shell's background jobs ignore SIGINT and children inherit that: give Ctrl-C back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    written = tiny.read("pyproject.toml")
    assert 'stage = "restructured"' in written  # the run's own edit
    tiny.write("pyproject.toml", written + "# my note, made while the run was testing\n")
    tiny.write("src/tinyapp/greeting.py", tiny.read("src/tinyapp/greeting.py") + "# my edit\n")
    tiny.write("scratch.txt", "mine\n")
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    os.killpg(proc.pid, signal.SIGKILL) if proc.poll() is None else None
    assert proc.returncode == 130, err
    assert f"phase-1 interrupted: tree restored to {start[:7]}" in err
    assert "kept your edit of pyproject.toml: copied to .refactor-tools/kept/" in err
    assert "left as they are (not made by the run): " in err and "scratch.txt" in err
    assert tiny.head() == start
    assert 'stage = "restructured"' not in tiny.read("pyproject.toml")  # the run's edit is undone
    kept = list((tiny.root / ".refactor-tools" / "kept").rglob("pyproject.toml"))
    assert len(kept) == 1 and kept[0].read_text().endswith("# my note, made while the run was testing\n")
    assert tiny.read("src/tinyapp/greeting.py").endswith("# my edit\n")  # not the run's: left alone
    assert tiny.read("scratch.txt") == "mine\n"
    assert not (tiny.root / JOURNAL).exists()
