"""Record what a phase run changes, and undo exactly that: nothing lost, nothing else touched.

`RunRecorder` keeps the journal current: before every atomic write (an observer on
`fileio.write_atomic`) and after every step (a reconciliation with git). `restore_run` puts the
starting commit back without `reset --hard` or `clean`: HEAD and the index move back, then each
path the run created is removed and each path it changed gets its old content and mode back.
Anything else that differs is left as it is and listed. A file the run wrote and someone edited
afterwards is copied aside to `.refactor-tools/kept/` first, and said so.

For a killed run, changes the journal does not name are judged by time: an entry whose inode
changed while the run's last step was in progress (between the step's start and the journal's
last write) is the run's; anything changed later belongs to the user and is kept.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..adapters.git import Git, remove_path
from ..adapters.state import state_dir
from ..errors import UsageError
from ..fileio import observe_writes
from . import journal as journal_file
from .journal import KEPT, SNAPSHOTS, Journal

_SLACK = 1.0  # seconds of clock and file-system timestamp granularity


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did, and what it left alone (paths relative to the top of the tree)."""

    commit: str
    restored: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    kept: tuple[tuple[str, str], ...] = ()  # (path, where the user's version was copied)
    left: tuple[str, ...] = ()  # changes the run did not make, left as they are

    def lines(self) -> list[str]:
        """Return the user-facing lines: copies made and changes left alone."""
        out = [f"kept your edit of {path}: copied to {copy}" for path, copy in self.kept]
        if self.left:
            shown = ", ".join(self.left[:10]) + (" ..." if len(self.left) > 10 else "")
            out.append(f"left as they are (not made by the run): {shown}")
        return out


def _sha(path: Path) -> str | None:
    try:
        data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    return hashlib.sha256(data).hexdigest()


class RunRecorder:
    """Keep one run's journal current; `watch()` records every atomic write before it happens."""

    def __init__(self, git: Git, root: Path, entry: Journal) -> None:
        self.git, self.root, self.entry = git, Path(root), entry
        self.at_start = git.files_at(entry.commit)
        self.state_prefix = journal_file.state_prefix(git, root)

    def save(self) -> None:
        """Write the journal durably."""
        journal_file.write_journal(self.root, self.entry)

    def watch(self):
        """Return a context manager recording every `write_atomic` of the block."""
        return observe_writes(self._before_write)

    def step(self, label: str, kind: str) -> None:
        """Record that a step (`kind` action or gate) starts now."""
        self.entry = replace(self.entry, step=f"{kind}:{time.time():.3f}:{label}")
        self.save()

    def _before_write(self, path: Path, data: bytes) -> None:
        try:
            rel = self.git.rel(path)
        except ValueError:
            return  # outside the repository: the fence refuses such paths before this
        if rel.startswith(self.state_prefix):
            return  # the tools' own folder is restored as a whole
        full = self.git.top / rel
        self._note(rel, existed=rel in self.at_start or full.exists() or full.is_symlink())
        self._wrote(rel, hashlib.sha256(data).hexdigest())
        self.save()

    def _wrote(self, rel: str, sha: str) -> None:
        # Every content the run wrote counts as the run's: a kill between this journal write
        # and the file write leaves the previous one in place.
        shas = self.entry.written.get(rel, [])
        if sha not in shas:
            self.entry = replace(self.entry, written={**self.entry.written, rel: [*shas, sha]})

    def _note(self, rel: str, existed: bool) -> bool:
        entry = self.entry
        if rel in entry.changed or rel in entry.created:
            return False
        full = self.git.top / rel
        if existed:
            snapshot = None
            mode = entry.modes.get(rel)
            if full.is_file():
                mode = full.lstat().st_mode & 0o777
                if rel not in self.at_start:  # git cannot give it back: copy it first
                    folder = state_dir(self.root) / SNAPSHOTS
                    folder.mkdir(parents=True, exist_ok=True)
                    snapshot = f"{len(entry.changed):05d}"
                    shutil.copy2(full, folder / snapshot)
            changed = {**entry.changed, rel: {"mode": mode, "snapshot": snapshot}}
            self.entry = replace(entry, changed=changed)
        else:
            self.entry = replace(entry, created=sorted({*entry.created, rel}))
        return True

    def reconcile(self, kind: str, adopt: bool = False) -> None:
        """Record what the step that just ended changed outside `write_atomic`.

        After an action every difference from the starting commit is the run's; after a gate
        only new ignored entries (caches) are: gates do not edit the project, people may.
        `adopt` (after the repository's commit hooks ran on the run's commit): the present
        content of every path that differs is the run's, also of paths it had written before —
        a hook that reformats a file the run wrote leaves no "edit" of the user's behind.
        """
        noted = False
        ignored = _new_ignored(self.git, self.entry)
        paths = ignored if kind == "gate" else [*self.git.changed_since(self.entry.commit),
                                                *self.git.untracked_files(), *ignored]
        _, started, _ = _step_window(self.root, self.entry)
        for rel in paths:
            name = rel.rstrip("/")
            if f"{name}/".startswith(self.state_prefix):
                continue
            # Untracked and newly ignored entries did not exist when the (clean) run started.
            new = self._note(name, rel in self.at_start)
            noted = noted or new
            # A path the run had written and that changed again during this action outside
            # `write_atomic` (a formatter the codemod ran on its files): that content is the run's
            # too, not a user's edit.
            sha = _sha(self.git.top / rel)  # None for a folder or a path that is gone
            if sha is None:
                continue
            rewritten = kind == "action" and not new and sha not in self.entry.written.get(rel, []) \
                and _made_in(self.git.top / name, started, time.time() + _SLACK)
            if (new and kind == "action") or adopt or rewritten:
                before = self.entry.written.get(rel, [])
                self._wrote(rel, sha)
                noted = noted or self.entry.written.get(rel, []) != before
        if noted:
            self.save()


def _new_ignored(git: Git, entry: Journal) -> list[str]:
    before = set(entry.ignored_before)
    folders = [b for b in before if b.endswith("/")]
    return [e for e in git.ignored_entries()
            if e not in before and not any(e.startswith(b) for b in folders)]


def _step_window(root: Path, entry: Journal) -> tuple[str, float, float]:
    """Return (kind, start, end) of the step that was running when the journal was last written."""
    kind, _, rest = entry.step.partition(":")
    started, _, _ = rest.partition(":")
    try:
        start = float(started)
    except ValueError:
        start = time.time()
    try:
        end = journal_file.journal_path(root).stat().st_mtime
    except OSError:
        end = time.time()
    return kind, start - _SLACK, end + _SLACK


def _made_in(path: Path, start: float, end: float) -> bool:
    """Return True when `path` (every file below it, for a folder) changed inside the window."""
    items = [path] if not path.is_dir() or path.is_symlink() else [path, *path.rglob("*")]
    try:
        return all(start <= p.lstat().st_ctime <= end for p in items)
    except OSError:
        return False


def restore_run(git: Git, root: Path, entry: Journal, *, crashed: bool) -> RestoreReport:
    """Undo the run of `entry`: only what it made, keeping every other change (and saying so).

    Args:
        git: the repository.
        root: the project root (holds the state folder).
        entry: the run's journal.
        crashed: the run's process is gone (a later start recovers it); changes the journal
            does not name are then judged by the time they were made.
    """
    root = Path(root)
    kind, start, end = _step_window(root, entry)
    if not crashed:
        end = time.time() + _SLACK
    git.run("reset", "--mixed", "--quiet", entry.commit)
    restored: list[str] = []
    removed: list[str] = []
    kept: list[tuple[str, str]] = []
    stamp = time.strftime("%Y%m%dT%H%M%S")
    kept_dir = state_dir(root) / KEPT / stamp

    def keep_copy(rel: str) -> None:
        copy = kept_dir / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(git.top / rel, copy, follow_symlinks=False)
        kept.append((rel, git.rel(copy)))

    at_start = git.files_at(entry.commit)
    for rel in sorted(entry.created, reverse=True):
        full = git.top / rel
        if not (full.exists() or full.is_symlink()):
            continue
        sha = _sha(full)
        if rel in entry.written and sha is not None and sha not in entry.written[rel]:
            keep_copy(rel)
        elif crashed and rel not in entry.written and not _made_in(full, entry_start(entry), end):
            continue  # changed after the run stopped: somebody's
        remove_path(full)
        removed.append(rel)
    for rel, info in sorted(entry.changed.items()):
        full = git.top / rel
        sha = _sha(full)
        if sha is not None and rel in entry.written and sha not in entry.written[rel] \
                and sha != _start_sha(git, entry, rel, info, root):
            keep_copy(rel)
        _put_back(git, root, entry, rel, info, at_start)
        restored.append(rel)
    recorded = {*entry.created, *entry.changed}
    left: list[str] = []
    state_prefix = journal_file.state_prefix(git, root)
    for rel in [*git.changed_since(entry.commit), *git.untracked_files(), *_new_ignored(git, entry)]:
        rel = rel.rstrip("/")
        full = git.top / rel
        if rel in recorded or f"{rel}/".startswith(state_prefix):
            continue
        if kind == "action" and _made_in(full, start, end):
            if rel in at_start:  # half written by the interrupted action
                _put_back(git, root, entry, rel, {"mode": entry.modes.get(rel), "snapshot": None}, at_start)
                restored.append(rel)
            else:
                remove_path(full)
                removed.append(rel)
        elif rel not in left:
            left.append(rel)
    _remove_emptied_folders(git, removed)
    _clean_state_folder(git, root, entry)
    for tag in entry.tags_created:
        git.delete_tag(tag)
    return RestoreReport(entry.commit, tuple(sorted(restored)), tuple(sorted(removed)), tuple(kept),
                         tuple(sorted(left)))


def _remove_emptied_folders(git: Git, removed: list[str]) -> None:
    """Remove the folders that removing the run's files left empty (git does not track folders)."""
    folders = {parent for rel in removed for parent in Path(rel).parents if parent != Path(".")}
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        path = git.top / folder
        if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
            path.rmdir()


def entry_start(entry: Journal) -> float:
    """Return when the run started (seconds since the epoch)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(entry.started).timestamp() - _SLACK
    except ValueError:
        return 0.0


def _start_sha(git: Git, entry: Journal, rel: str, info: dict, root: Path) -> str | None:
    if info.get("snapshot"):
        return _sha(state_dir(root) / SNAPSHOTS / info["snapshot"])
    try:
        blob = git.run("rev-parse", f"{entry.commit}:{rel}").strip()
        data = git.repo.odb.stream(bytes.fromhex(blob)).read()
    except Exception:  # not in the commit, or unreadable: nothing to compare with
        return None
    return hashlib.sha256(data).hexdigest()


def _put_back(git: Git, root: Path, entry: Journal, rel: str, info: dict, at_start: set[str]) -> None:
    full = git.top / rel
    snapshot = info.get("snapshot")
    if snapshot:
        remove_path(full)
        full.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(state_dir(root) / SNAPSHOTS / snapshot, full)
    elif rel in at_start:
        if full.is_dir() and not full.is_symlink():
            remove_path(full)
        git.run("checkout", entry.commit, "--", rel)
    else:
        remove_path(full)
        return
    mode = info.get("mode") or entry.modes.get(rel)
    if mode is not None and not full.is_symlink():
        os.chmod(full, mode)


def _clean_state_folder(git: Git, root: Path, entry: Journal) -> None:
    """Remove what the run added to the tools' own folder; keep copies made for the user."""
    folder = state_dir(root)
    if not folder.is_dir():
        return
    keep = set(entry.state_files)
    kept_prefix = git.rel(folder / KEPT) + "/"
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = git.rel(path)
        if rel.startswith(kept_prefix) or path == folder / KEPT:
            continue
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in keep and path != journal_file.journal_path(root):
            path.unlink()


def recover(git: Git, root: Path) -> journal_file.Recovery | None:
    """Undo a run that was killed; refuse while another run is alive.

    Returns:
        What was undone (with the restore's report), or None when there was no interrupted run.

    Raises:
        UsageError: another run of the driver is still in progress.
    """
    journal = journal_file.read_journal(root)
    if journal is None:
        return None
    if journal_file.is_running(journal):
        raise UsageError(
            f"another run ({journal.phase}, pid {journal.pid}, started {journal.started}) is in progress",
            hint="wait for it to end (or stop it); the next run then undoes whatever it left half done",
        )
    report = restore_run(git, root, journal, crashed=True)
    journal_file.clear_journal(root)
    return journal_file.Recovery(phase=journal.phase, commit=journal.commit, started=journal.started, pid=journal.pid,
                                 report=report)
