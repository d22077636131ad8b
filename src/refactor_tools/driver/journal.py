"""The run journal `.refactor-tools/run.json`: what an interrupted run must undo.

Written atomically before a run changes anything and removed when it ends; a journal whose
process is gone means the run was killed, and `recover` restores the journal's commit.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..errors import UsageError
from .gitops import Git, pid_alive, process_start_ticks

STATE_DIR = ".refactor-tools"
JOURNAL = f"{STATE_DIR}/run.json"


@dataclass(frozen=True)
class Journal:
    """One run in progress."""

    phase: str
    commit: str
    pid: int
    started: str
    pid_start: int | None = None
    ignored_before: list[str] = field(default_factory=list)
    state_files: list[str] = field(default_factory=list)
    tags_created: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Recovery:
    """What `recover` undid."""

    phase: str
    commit: str
    started: str
    pid: int


def journal_path(root: Path) -> Path:
    """Return the journal's path for a project root."""
    return Path(root) / JOURNAL


def state_prefix(git: Git, root: Path) -> str:
    """Return the state folder's path relative to the top of the working tree, with a slash."""
    rel = git.rel(root)
    return f"{STATE_DIR}/" if rel == "." else f"{rel}/{STATE_DIR}/"


def write_journal(root: Path, journal: Journal, exclusive: bool = False) -> None:
    """Write the journal atomically (temp file, fsync, rename).

    With `exclusive`, refuse (UsageError) when a journal exists: two runs cannot both start.
    """
    path = journal_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(asdict(journal), indent=2, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".run.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            try:
                os.link(tmp, path)  # atomic, and fails when another run wrote its journal first
            except FileExistsError:
                raise UsageError(
                    f"another run started meanwhile ({JOURNAL} exists)",
                    hint="wait for it to end",
                ) from None
            finally:
                Path(tmp).unlink(missing_ok=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_journal(root: Path) -> Journal | None:
    """Return the journal, or None when no run is recorded."""
    path = journal_path(root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"{JOURNAL}: unreadable run journal ({exc})",
            hint=f"restore the tree by hand (git reset --hard <commit>) and delete {JOURNAL}",
        ) from None
    return Journal(**data)


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
        state_files=git.files_under(Path(git.root) / STATE_DIR),
    )


def restore(git: Git, root: Path, journal: Journal) -> None:
    """Restore the journal's commit, drop what the run created, delete the tags it made."""
    git.restore(journal.commit, journal.ignored_before, Path(root) / STATE_DIR, journal.state_files)
    for tag in journal.tags_created:
        git.delete_tag(tag)


def is_running(journal: Journal) -> bool:
    """Return True when the journal's process is still alive (and is the same process)."""
    if journal.pid == os.getpid() or not pid_alive(journal.pid):
        return False
    ticks = process_start_ticks(journal.pid)
    return journal.pid_start is None or ticks is None or ticks == journal.pid_start


def recover(git: Git, root: Path) -> Recovery | None:
    """Undo a run that was killed; refuse while another run is alive.

    Returns:
        What was undone, or None when there was no interrupted run.

    Raises:
        UsageError: another run of the driver is still in progress.
    """
    journal = read_journal(root)
    if journal is None:
        return None
    if is_running(journal):
        raise UsageError(
            f"another run ({journal.phase}, pid {journal.pid}, started {journal.started}) is in progress",
            hint=f"wait for it to end; if it is gone, delete {JOURNAL}",
        )
    restore(git, root, journal)
    clear_journal(root)
    return Recovery(phase=journal.phase, commit=journal.commit, started=journal.started, pid=journal.pid)
