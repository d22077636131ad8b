"""Processes: is a run's process alive (and the same one), and the run lock.

The run lock is a file created atomically (link of a fully written temp file): whoever links
first holds it; a lock whose process is gone belongs to a killed run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def pid_alive(pid: int) -> bool:
    """Return True when a process with this id exists (zombies count as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return True
    return True


def process_start_ticks(pid: int) -> int | None:
    """Return the process's start time in clock ticks (Linux), to detect a reused pid."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def is_other_live_process(pid: int, start_ticks: int | None) -> bool:
    """Return True when `pid` is alive, is not this process, and started at `start_ticks`.

    A recorded start time that differs from the live process's means the pid was reused.
    """
    if pid == os.getpid() or not pid_alive(pid):
        return False
    ticks = process_start_ticks(pid)
    return start_ticks is None or ticks is None or ticks == start_ticks


def write_durably(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write `text` to `path` through a synced temp file: replace it, or (exclusive) create it.

    Raises:
        FileExistsError: `exclusive` and the file exists (another holder took the lock first).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            try:
                os.link(tmp, path)  # atomic, and fails when the file exists
            finally:
                Path(tmp).unlink(missing_ok=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
