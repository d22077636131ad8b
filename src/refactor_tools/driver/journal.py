"""The run journal `.refactor-tools/run.json`: what an interrupted run must undo.

Written atomically before a run changes anything and removed when it ends; a journal whose
process is gone means the run was killed, and `recover` restores the journal's commit.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..adapters.git import Git, remove_path
from ..adapters.process import is_other_live_process, process_start_ticks, write_durably
from ..adapters.state import STATE_DIR, dumps_json, state_dir
from ..errors import UsageError

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
    try:
        write_durably(journal_path(root), dumps_json(asdict(journal)), exclusive=exclusive)
    except FileExistsError:
        raise UsageError(f"another run started meanwhile ({JOURNAL} exists)", hint="wait for it to end") from None


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
        state_files=git.files_under(state_dir(git.root)),
    )


def restore(git: Git, root: Path, journal: Journal) -> None:
    """Restore the journal's commit, drop what the run created, delete the tags it made.

    Reset and `git clean -fd` drop the run's tracked and untracked changes; ignored entries
    created since the run started (caches, bytecode) are removed too, but nothing inside an
    ignored folder that existed before (a .venv stays as it is). Inside the state folder
    (whose caches git lists only as folders) every file not recorded is removed.
    """
    git.reset_hard(journal.commit)
    git.run("clean", "-fd", "--quiet")
    before = set(journal.ignored_before)
    for entry in git.ignored_entries():
        if entry in before or any(entry.startswith(b) for b in before if b.endswith("/")):
            continue
        remove_path(git.top / entry)
    folder = state_dir(root)
    if folder.is_dir():
        keep = set(journal.state_files)
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif git.rel(path) not in keep:
                path.unlink()
    for tag in journal.tags_created:
        git.delete_tag(tag)


def is_running(journal: Journal) -> bool:
    """Return True when the journal's process is still alive (and is the same process)."""
    return is_other_live_process(journal.pid, journal.pid_start)


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
