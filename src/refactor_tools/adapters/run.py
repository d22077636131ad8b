"""Run one external command with a time bound, and never leave its processes behind.

Public API:
    run_command(command, cwd, env, timeout=None, shell=False) -> Completed
    tool_dirs() -> list[str]                 where the running interpreter's scripts live
    with_tool_path(env) -> dict[str, str]    `env` with those directories first on PATH
    ChildGroups(), owned_by(groups), current_owner()   end what another thread's commands started
    start_watched(argv, cwd, env, **popen)  a child started elsewhere, under the same watchdog
    unwatch(pgid)                            ... once its group has ended

The child starts in a new session (its own process group): on timeout, on Ctrl-C and on any
other exception in the caller, the whole group is terminated (SIGTERM, then SIGKILL after a
grace period), so pytest workers, servers a test started and shell pipelines die with it.
Output (stdout and stderr together) goes to a temporary file, not a pipe: a chatty child can
never block on a full pipe, and the caller gets the text after the child ended.

A harness that dies without running any of that (kill -9, the OOM killer, a CI job cancelled hard)
would leave those groups running: a suite still writing into the tree while the next start
restores it. One watchdog process per harness process (`_Watchdog`, started with the first
command, in its own session so a signal to the harness's group does not reach it) is told each
group as it starts and ends; when the harness is gone (the pipe from it reads end-of-file), it
terminates the groups still registered, SIGTERM then SIGKILL after the grace period. A child
runs its command only once the watchdog knows its group: it starts as `/bin/sh` waiting on a
pipe for the go-ahead, then becomes the command (`exec`: same pid, same group); a harness killed
before the go-ahead closes the pipe, and the child exits (125) without running anything.

The end of the child is noticed when it happens (a pidfd, where the OS has one): `Popen.wait`
with a timeout polls with sleeps of up to 50 ms, about 30 ms late on average per command
(measured: 13-51 ms after `sleep 1.37` / `2.11` / `2.93`), which adds up over a demo's runs.
"""

from __future__ import annotations

import errno
import os
import select
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GRACE_SECONDS = 3.0
WAIT_SLICE = 0.5  # seconds: the longest a pending Ctrl-C waits for the main thread to see it


@dataclass(frozen=True)
class Completed:
    """One finished (or killed) command."""

    command: tuple[str, ...]
    returncode: int | None  # None when the command was killed for running past its timeout
    output: str
    duration: float
    timed_out: bool = False
    timeout: float | None = None

    @property
    def ok(self) -> bool:
        """Return True when the command exited 0 within its time."""
        return self.returncode == 0 and not self.timed_out

    def display(self) -> str:
        """Return the command as a user can paste it into a shell."""
        import shlex

        if len(self.command) == 3 and self.command[:2] == ("/bin/sh", "-c"):
            return self.command[2]
        return shlex.join(self.command)


class ChildGroups:
    """The process groups `run_command` started for one owner (a worker thread and the threads it
    starts), so that another thread can end them all: `cancel()` signals every live group and
    every group started afterwards, whose `run_command` then returns as for a killed child."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set[int] = set()
        self.cancelled = False

    def add(self, pid: int) -> None:
        with self._lock:
            self._live.add(pid)
            cancelled = self.cancelled
        if cancelled:
            _signal_group(pid)

    def discard(self, pid: int) -> None:
        with self._lock:
            self._live.discard(pid)

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            live = sorted(self._live)
        for pid in live:
            _signal_group(pid)


# Runs with `python -I -S -c` and reads the harness's pipe on stdin: "+PGID" when a command's
# group starts, "-PGID" when it has ended. End-of-file means the harness is gone: every group
# still registered gets SIGTERM, then SIGKILL when it outlives the grace period.
_WATCHDOG = r"""
import os, signal, sys, time
grace, live, pending = float(sys.argv[1]), set(), b""
while True:
    chunk = os.read(0, 4096)
    if not chunk:
        break
    *lines, pending = (pending + chunk).split(b"\n")
    for line in lines:
        if line[:1] == b"+":
            live.add(int(line[1:]))
        elif line[:1] == b"-":
            live.discard(int(line[1:]))


def signal_all(sig):
    for pgid in sorted(live):
        try:
            os.killpg(pgid, sig)
        except OSError:
            live.discard(pgid)


signal_all(signal.SIGTERM)
deadline = time.monotonic() + grace
while live and time.monotonic() < deadline:
    time.sleep(0.05)
    signal_all(0)
signal_all(signal.SIGKILL)
"""


class _Watchdog:
    """The watchdog of this process's command groups (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._pid: int | None = None
        self._proc: subprocess.Popen | None = None  # kept: it outlives this process on purpose
        self._live: set[int] = set()  # what a watchdog started again is told

    def _start(self) -> int | None:
        """Start a watchdog; return the write end of its pipe (None when it cannot start)."""
        if not sys.executable:  # an embedded interpreter that cannot start itself
            return None
        read, write = os.pipe()  # neither end is inherited by later children
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _WATCHDOG, str(GRACE_SECONDS)], stdin=read,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )
        except OSError:
            os.close(write)
            return None
        finally:
            os.close(read)
        self._fd, self._pid = write, os.getpid()
        return write

    def tell(self, pgid: int, running: bool) -> None:
        """Register a command's group (`running`) or forget it. A new watchdog (the first one, or
        another after one died) is told every group still running."""
        with self._lock:
            if self._pid is not None and self._pid != os.getpid():
                # A forked copy of a harness: its parent's watchdog and groups are not its own
                # (and its copy of the pipe must not keep that watchdog from seeing the end).
                if self._fd is not None:
                    os.close(self._fd)
                self._fd, self._pid, self._live = None, None, set()
            if running:
                self._live.add(pgid)
            else:
                self._live.discard(pgid)
            for _ in range(2):
                fresh = self._fd is None
                fd = self._start() if fresh else self._fd
                if fd is None:
                    return
                lines = [f"+{g}" for g in sorted(self._live)] if fresh else [f"{'+' if running else '-'}{pgid}"]
                try:
                    os.write(fd, "".join(f"{line}\n" for line in lines).encode())
                    return
                except OSError:  # the watchdog died: start another one
                    os.close(fd)
                    self._fd = None


_WATCHDOG_OF_THIS_PROCESS = _Watchdog()


# The child's first program: wait for the go-ahead on stdin (end-of-file: the harness died
# before its watchdog knew this group), then become the command with stdin from /dev/null.
_GATED = 'read _ || exit 125; exec "$@" </dev/null'


def _check_program(program: str, cwd: Path, env: Mapping[str, str]) -> None:
    """Raise as Popen would for a program that cannot run (the gated child would only exit 127)."""
    if os.sep in program:
        path = Path(cwd, program)
        if path.is_file() and not os.access(path, os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), program)
        found = path.is_file()
    else:
        found = shutil.which(program, path=env.get("PATH", os.defpath)) is not None
    if not found:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), program)


def start_watched(argv: Sequence[str], cwd: Path, env: Mapping[str, str], **popen: Any) -> subprocess.Popen:
    """Start `argv` in a session of its own (stdin /dev/null; `popen`: other Popen arguments) with
    its group registered with this process's watchdog before it runs: a harness killed with
    SIGKILL at any moment leaves nothing of it running. Call `unwatch(proc.pid)` once the group ended.

    Raises:
        FileNotFoundError / PermissionError: the program is missing / not executable.
    """
    _check_program(argv[0], cwd, env)
    go_read, go = os.pipe()
    try:
        proc = subprocess.Popen(["/bin/sh", "-c", _GATED, "sh", *argv], cwd=cwd, env=dict(env),
                                stdin=go_read, start_new_session=True, **popen)
    except BaseException:
        os.close(go)
        raise
    finally:
        os.close(go_read)
    try:
        _WATCHDOG_OF_THIS_PROCESS.tell(proc.pid, running=True)
    except BaseException:
        os.close(go)  # no go-ahead: the child exits without running the command
        proc.wait()
        raise
    try:
        os.write(go, b"\n")
    except OSError:
        pass  # the child is gone already (killed): its exit code says so
    finally:
        os.close(go)
    return proc


def unwatch(pgid: int) -> None:
    """Tell the watchdog that group `pgid` (started by `start_watched`) has ended."""
    _WATCHDOG_OF_THIS_PROCESS.tell(pgid, running=False)


def _signal_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGTERM)  # the thread waiting on it kills what is left of the group
    except (ProcessLookupError, PermissionError):
        pass


_OWNERS: dict[int, ChildGroups] = {}


@contextmanager
def owned_by(groups: ChildGroups | None) -> Iterator[None]:
    """Within the block, this thread's `run_command` children belong to `groups` (None: nothing)."""
    ident = threading.get_ident()
    previous = _OWNERS.get(ident)
    if groups is not None:
        _OWNERS[ident] = groups
    try:
        yield
    finally:
        if previous is None:
            _OWNERS.pop(ident, None)
        else:
            _OWNERS[ident] = previous


def current_owner() -> ChildGroups | None:
    """Return the ChildGroups this thread's commands belong to (see `owned_by`), if any."""
    return _OWNERS.get(threading.get_ident())


def tool_dirs() -> list[str]:
    """Return the directories of the running interpreter's console scripts (ruff, alembic, ...).

    A harness started as `.venv/bin/refactor-tools` (the venv not activated) must still find
    the tools installed beside it, as `python -m` would: the scripts directory of the install
    scheme, and the folder of `sys.executable` when it differs (a symlinked interpreter).
    """
    found: list[str] = []
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        if folder and folder not in found and Path(folder).is_dir():
            found.append(folder)
    return found


def with_tool_path(env: Mapping[str, str]) -> dict[str, str]:
    """Return a copy of `env` whose PATH starts with `tool_dirs()` (each once, nothing else lost)."""
    out = dict(env)
    first = tool_dirs()
    rest = [p for p in out.get("PATH", "").split(os.pathsep) if p and p not in first]
    out["PATH"] = os.pathsep.join([*first, *rest])
    return out


def kill_group(pgid: int, grace: float = GRACE_SECONDS, leader: subprocess.Popen | None = None) -> None:
    """Terminate every process of a group: SIGTERM, then SIGKILL for those still there.

    `leader` (the group's first process, our child) is reaped meanwhile, so its zombie does not
    count as a live member.
    """
    try:
        os.killpg(pgid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if leader is not None:
            leader.poll()
        if not _group_alive(pgid):
            return
        time.sleep(0.05)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_exit(proc: subprocess.Popen, timeout: float | None) -> int:
    """Wait for `proc` to end and return its exit code; TimeoutExpired after `timeout` seconds.

    Woken by the child's pidfd when the OS has one (Linux 5.3+), else `Popen.wait`'s polling.
    The wait is cut into slices of at most WAIT_SLICE seconds: a Ctrl-C the kernel handed to
    another thread of this process is raised in the main thread within one slice (a single
    blocking wait would only see it when the child ends).
    """
    if proc.returncode is not None:
        return proc.returncode
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        fd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):  # no pidfd here, or the child is already reaped
        fd = None
    try:
        while True:
            left = WAIT_SLICE if deadline is None else deadline - time.monotonic()
            if left <= 0:
                raise subprocess.TimeoutExpired(proc.args, timeout or 0)
            step = min(left, WAIT_SLICE)
            if fd is None:
                try:
                    return proc.wait(timeout=step)
                except subprocess.TimeoutExpired:
                    continue
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            if poller.poll(step * 1000):
                return proc.wait()
    finally:
        if fd is not None:
            os.close(fd)


def run_command(
    command: Sequence[str] | str,
    cwd: Path,
    env: Mapping[str, str],
    timeout: float | None = None,
    shell: bool = False,
    on_start: Callable[[subprocess.Popen], None] | None = None,
) -> Completed:
    """Run `command` in `cwd` with exactly `env`; kill its process group on timeout or interrupt.

    Args:
        command: an argument list, or a shell command line when `shell` is true.
        cwd: the working directory.
        env: the complete environment of the child.
        timeout: seconds before the whole process group is killed (None: no bound).
        shell: run `command` with `/bin/sh -c`.
        on_start: called with the child once it started; a caller in another thread may end it
            by signalling its process group (`os.killpg(proc.pid, signal.SIGTERM)`): this call
            then kills what is left of the group and returns the exit code.

    Returns:
        The exit code (None after a timeout), the combined output and the wall time.

    Raises:
        FileNotFoundError: the program does not exist (argument-list form only).
        KeyboardInterrupt: re-raised after the child's group was killed.
    """
    argv = ("/bin/sh", "-c", command) if shell else tuple(command)
    if shell and not isinstance(command, str):
        raise TypeError("a shell command must be one string")
    started = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+b") as sink:
        proc = start_watched(argv, cwd, env, stdout=sink, stderr=subprocess.STDOUT)
        timed_out = False
        owner = current_owner()
        try:
            if owner is not None:
                owner.add(proc.pid)
            if on_start is not None:
                on_start(proc)
            wait_exit(proc, timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        except BaseException:
            kill_group(proc.pid, leader=proc)
            proc.wait()
            unwatch(proc.pid)
            raise
        finally:
            if owner is not None:
                owner.discard(proc.pid)
        # The leader may be gone while its children (workers, servers) still run.
        kill_group(proc.pid, grace=GRACE_SECONDS, leader=proc)
        proc.wait()
        unwatch(proc.pid)
        sink.seek(0)
        output = sink.read().decode("utf-8", errors="replace")
    return Completed(
        command=argv,
        returncode=None if timed_out else proc.returncode,
        output=output,
        duration=round(time.perf_counter() - started, 3),
        timed_out=timed_out,
        timeout=timeout,
    )
