"""adapters.run: time bounds, and the whole process group killed on timeout, Ctrl-C and exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from refactor_tools.adapters.run import run_command

# A parent that starts a long-lived grandchild (in the same process group), writes its pid, then
# either waits forever or exits at once, leaving the grandchild behind.
SPAWN = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
open(sys.argv[1], "w").write(str(child.pid))
if sys.argv[2] == "wait":
    time.sleep(120)
"""


def _pid_from(path) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return int(path.read_text())
        time.sleep(0.02)
    raise AssertionError("the child never wrote its pid")


def test_output_exit_code_and_env(tmp_path):
    done = run_command([sys.executable, "-c", "import os,sys; print(os.environ['X']); sys.exit(3)"],
                       cwd=tmp_path, env={**os.environ, "X": "from-env"})
    assert (done.returncode, done.output.strip(), done.timed_out, done.ok) == (3, "from-env", False, False)


def test_shell_command(tmp_path):
    done = run_command("echo one && echo two >&2", cwd=tmp_path, env=dict(os.environ), shell=True)
    assert done.ok and done.output.split() == ["one", "two"]
    assert done.display() == "echo one && echo two >&2"


def test_timeout_kills_the_whole_group(tmp_path, wait_gone):
    marker = tmp_path / "pid"
    done = run_command([sys.executable, "-c", SPAWN, str(marker), "wait"], cwd=tmp_path,
                       env=dict(os.environ), timeout=1.5)
    assert done.timed_out and done.returncode is None and not done.ok
    assert wait_gone(_pid_from(marker))


def test_processes_left_by_a_finished_command_are_killed(tmp_path, wait_gone):
    marker = tmp_path / "pid"
    done = run_command([sys.executable, "-c", SPAWN, str(marker), "exit"], cwd=tmp_path, env=dict(os.environ))
    assert done.returncode == 0
    assert wait_gone(_pid_from(marker))


# A harness that runs SPAWN parents and is then killed from outside. With "restart", its first
# watchdog dies while the first command runs; the second command starts another, which must
# also end the first command's group.
HARNESS = """
import os, sys, threading, time
from pathlib import Path
from refactor_tools.adapters import run

def start(marker):
    run.run_command([sys.executable, "-c", sys.argv[1], marker, "wait"], cwd=Path.cwd(), env=dict(os.environ))

first, second, mode = sys.argv[2:5]
threading.Thread(target=start, args=(first,), daemon=True).start()
while not (os.path.exists(first) and open(first).read()):
    time.sleep(0.02)
if mode == "restart":
    run._WATCHDOG_OF_THIS_PROCESS._proc.kill()
    run._WATCHDOG_OF_THIS_PROCESS._proc.wait()
start(second)
"""


@pytest.mark.parametrize("mode", ["same", "restart"])
def test_a_harness_killed_with_sigkill_leaves_no_command_running(tmp_path, wait_gone, mode):
    # kill -9 of the harness's whole process group: the commands' groups are other sessions,
    # which the harness can no longer end; its watchdog, in a session of its own, does.
    first, second = tmp_path / "first.pid", tmp_path / "second.pid"
    harness = subprocess.Popen([sys.executable, "-c", HARNESS, SPAWN, str(first), str(second), mode],
                               cwd=tmp_path, start_new_session=True)
    try:
        grandchildren = [_pid_from(first), _pid_from(second)]
    finally:
        os.killpg(harness.pid, signal.SIGKILL)
        harness.wait()
    assert [wait_gone(pid) for pid in grandchildren] == [True, True]


# A harness killed (kill -9) after starting a command's process but before its watchdog knows
# that group: while the first watchdog starts, or just before it is told. The command must not
# have run, since no watchdog would ever end it.
KILLED_BEFORE_THE_WATCHDOG_KNOWS = """
import os, signal, sys
from pathlib import Path
from refactor_tools.adapters import run

def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

setattr(run._Watchdog, sys.argv[3], killed)
run.run_command([sys.executable, "-c", sys.argv[1], sys.argv[2], "wait"], cwd=Path.cwd(), env=dict(os.environ))
"""


@pytest.mark.parametrize("step", ["_start", "tell"])
def test_a_harness_killed_before_its_watchdog_knows_the_group_has_run_no_command(tmp_path, step):
    marker = tmp_path / "pid"
    harness = subprocess.run([sys.executable, "-c", KILLED_BEFORE_THE_WATCHDOG_KNOWS, SPAWN, str(marker), step],
                             cwd=tmp_path, start_new_session=True, timeout=60)
    assert harness.returncode == -signal.SIGKILL
    time.sleep(1)  # a command that ran would have written its child's pid within milliseconds
    assert not marker.exists()


def test_a_missing_or_not_executable_program_raises_as_popen_does(tmp_path):
    with pytest.raises(FileNotFoundError, match="no-such-program"):
        run_command(["no-such-program", "--version"], cwd=tmp_path, env=dict(os.environ))
    with pytest.raises(FileNotFoundError, match="missing.sh"):
        run_command(["./missing.sh"], cwd=tmp_path, env=dict(os.environ))
    script = tmp_path / "plain.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    with pytest.raises(PermissionError):
        run_command(["./plain.sh"], cwd=tmp_path, env=dict(os.environ))
    script.chmod(0o755)
    assert run_command(["./plain.sh"], cwd=tmp_path, env=dict(os.environ)).output == "hi\n"


def test_the_command_is_the_child_itself_with_stdin_from_dev_null(tmp_path):
    seen: list = []
    done = run_command([sys.executable, "-c", "import os, sys; print(os.getpid(), os.getpgid(0), sys.stdin.read() == '')"],
                       cwd=tmp_path, env=dict(os.environ), on_start=seen.append)
    pid, pgid, empty = done.output.split()
    assert int(pid) == int(pgid) == seen[0].pid and empty == "True" and done.ok


@pytest.mark.parametrize("target", ["process", "other-thread"])
def test_ctrl_c_kills_the_whole_group_and_propagates(tmp_path, wait_gone, target):
    # "other-thread": the kernel hands the SIGINT to a thread other than the main one (as it may
    # for a process-directed signal); the main thread, blocked waiting for the child, must still
    # see it within a wait slice, not when the child ends.
    marker = tmp_path / "pid"

    def interrupt() -> None:
        _pid_from(marker)
        if target == "process":
            os.kill(os.getpid(), signal.SIGINT)
        else:
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    # Python leaves SIGINT ignored when its launcher did (a job started with `&` by a shell
    # without job control): Ctrl-C's handler is what this test is about, so it is put in place.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    thread = threading.Thread(target=interrupt)
    thread.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            run_command([sys.executable, "-c", SPAWN, str(marker), "wait"], cwd=tmp_path, env=dict(os.environ))
    finally:
        thread.join()
        signal.signal(signal.SIGINT, previous)
    assert wait_gone(_pid_from(marker))


@pytest.mark.parametrize("pidfd", [True, False])
def test_wait_exit_returns_the_code_or_times_out(monkeypatch, pidfd):
    from refactor_tools.adapters import run

    if not pidfd:  # a system without pidfds: Popen.wait's polling, same results
        def no_pidfd(pid):
            raise OSError("no pidfd here")

        monkeypatch.setattr(run.os, "pidfd_open", no_pidfd, raising=False)
    quick = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(7)"])
    assert run.wait_exit(quick, 60) == 7
    assert run.wait_exit(quick, 60) == 7  # already reaped: the code again
    slow = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            run.wait_exit(slow, 0.3)
        assert slow.poll() is None  # a timeout leaves the child to the caller
    finally:
        slow.kill()
        slow.wait()
