"""The run journal `.refactor-tools/run.json`: what an interrupted run must undo, and only that.

Written durably before a run changes anything and rewritten before every file the run writes
(through `fileio.write_atomic`) and after every step (a reconciliation with git catches what
the step changed otherwise: moves, deletes, caches). It names the starting commit, the paths
the run created, the paths that existed before and the run changed (with their modes, and a
snapshot copy when git cannot give the old content back), the hash of what the run last wrote
to each path, and the tags it made. `restore.restore_run` undoes exactly that; a journal whose
process is gone means the run was killed, and the next start restores it (`recover`).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..adapters.git import Git
from ..adapters.process import is_other_live_process, process_start_ticks, write_durably
from ..adapters.state import STATE_DIR, dumps_json, state_dir
from ..errors import UsageError

JOURNAL = f"{STATE_DIR}/run.json"
SNAPSHOTS = "run-snapshots"  # inside the state folder: copies of files git cannot give back
KEPT = "kept"  # inside the state folder: user edits copied aside by a restore


@dataclass(frozen=True)
class Journal:
    """One run in progress (paths are relative to the top of the working tree, posix)."""

    phase: str
    commit: str
    pid: int
    started: str
    pid_start: int | None = None
    ignored_before: list[str] = field(default_factory=list)
    state_files: list[str] = field(default_factory=list)
    tags_created: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)  # path -> {mode, snapshot}
    written: dict[str, list[str]] = field(default_factory=dict)  # path -> sha256 of each content the run wrote
    modes: dict[str, int] = field(default_factory=dict)  # tracked files whose mode git cannot restore
    step: str = ""


@dataclass(frozen=True)
class Recovery:
    """What `recover` undid, and what it left alone."""

    phase: str
    commit: str
    started: str
    pid: int
    report: Any = None  # restore.RestoreReport


_SHAPE: dict[str, tuple[type, ...]] = {
    "phase": (str,), "commit": (str,), "pid": (int,), "started": (str,), "pid_start": (int, type(None)),
    "ignored_before": (list,), "state_files": (list,), "tags_created": (list,), "created": (list,),
    "changed": (dict,), "written": (dict,), "modes": (dict,), "step": (str,),
}
_REQUIRED = ("phase", "commit", "pid", "started")


def journal_path(root: Path) -> Path:
    """Return the journal's path for a project root."""
    return Path(root) / JOURNAL


def state_prefix(git: Git, root: Path) -> str:
    """Return the state folder's path relative to the top of the working tree, with a slash."""
    rel = git.rel(root)
    return f"{STATE_DIR}/" if rel == "." else f"{rel}/{STATE_DIR}/"


def exclude_state(git: Git, root: Path) -> None:
    """Keep the driver's own files out of `git status` (in .git/info/exclude, never tracked)."""
    prefix = state_prefix(git, root)
    git.ensure_excluded([f"/{prefix}run.json", f"/{prefix}*.tmp", f"/{prefix}baseline/", f"/{prefix}*cache*",
                         f"/{prefix}{SNAPSHOTS}/", f"/{prefix}{KEPT}/"])


def write_journal(root: Path, journal: Journal, exclusive: bool = False) -> None:
    """Write the journal durably (temp file, fsync, rename).

    With `exclusive`, refuse (UsageError) when a journal exists: two runs cannot both start.
    """
    try:
        write_durably(journal_path(root), dumps_json(asdict(journal)), exclusive=exclusive)
    except FileExistsError:
        raise UsageError(f"another run started meanwhile ({JOURNAL} exists)", hint="wait for it to end") from None


def _bad(reason: str) -> UsageError:
    return UsageError(
        f"{JOURNAL}: not a run journal of refactor-tools ({reason})",
        hint=f"if no run is in progress, restore the tree with git (e.g. `git status`, `git stash`) and delete {JOURNAL}",
    )


def parse_journal(text: str) -> Journal:
    """Return the journal in `text`; UsageError (exit 2) naming what is wrong with its shape."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _bad(f"invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise _bad(f"expected an object, got {type(data).__name__}")
    known = {f.name for f in fields(Journal)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise _bad(f"unknown key(s) {', '.join(map(repr, unknown[:5]))}")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise _bad(f"missing key(s) {', '.join(map(repr, missing))}")
    for key, value in data.items():
        if not isinstance(value, _SHAPE[key]) or (isinstance(value, bool) and key in ("pid", "pid_start")):
            raise _bad(f"{key!r} has the wrong type ({type(value).__name__})")
    for key in ("ignored_before", "state_files", "tags_created", "created"):
        if not all(isinstance(item, str) for item in data.get(key, [])):
            raise _bad(f"{key!r} must list strings")
    if not all(isinstance(v, list) and all(isinstance(h, str) for h in v) for v in data.get("written", {}).values()):
        raise _bad("'written' must map paths to lists of hashes")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in data.get("modes", {}).values()):
        raise _bad("'modes' must map paths to integers")
    if not all(isinstance(v, dict) for v in data.get("changed", {}).values()):
        raise _bad("'changed' must map paths to objects")
    return Journal(**data)


def read_journal(root: Path) -> Journal | None:
    """Return the journal, or None when no run is recorded.

    Raises:
        UsageError: the file is unreadable, not UTF-8, or not shaped like a journal (exit 2).
    """
    path = journal_path(root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise _bad(f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise _bad(f"unreadable: {exc.strerror or exc}") from None
    return parse_journal(text)


def clear_journal(root: Path) -> None:
    """Remove the journal (the run ended, either way)."""
    journal_path(root).unlink(missing_ok=True)


def new_journal(git: Git, phase: str) -> Journal:
    """Describe a run that starts now at HEAD in this process."""
    pid = os.getpid()
    return Journal(
        phase=phase,
        commit=git.head(),
        pid=pid,
        started=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        pid_start=process_start_ticks(pid),
        ignored_before=git.ignored_entries(),
        state_files=git.files_under(state_dir(git.root)),
        modes=_unusual_modes(git),
    )


def _unusual_modes(git: Git) -> dict[str, int]:
    """Return the tracked files whose permission bits a checkout would not give back."""
    umask = os.umask(0)
    os.umask(umask)
    usual = {0o666 & ~umask, 0o777 & ~umask}
    modes = {}
    for rel in git.tracked_files():
        try:
            mode = (git.top / rel).lstat().st_mode
        except OSError:
            continue
        if (mode & 0o170000) == 0o100000 and (mode & 0o777) not in usual:
            modes[rel] = mode & 0o777
    return modes


def is_running(journal: Journal) -> bool:
    """Return True when the journal's process is still alive (and is the same process)."""
    return is_other_live_process(journal.pid, journal.pid_start)
