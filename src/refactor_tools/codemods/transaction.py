"""Apply a computed change set to disk as one transaction: all of it, or none of it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import RefactorToolsError
from ..fileio import write_atomic


@dataclass(frozen=True)
class ChangeSet:
    """Everything a codemod run does: moves first, then writes, deletes and emptied dirs."""

    moves: tuple[tuple[Path, Path], ...] = ()
    writes: tuple[tuple[Path, str], ...] = ()
    deletes: tuple[Path, ...] = ()
    remove_dirs: tuple[Path, ...] = ()


class ApplyFailed(RefactorToolsError):
    """Writing failed midway; every file touched was restored."""


@dataclass
class _Journal:
    undo: list[Callable[[], None]] = field(default_factory=list)

    def rollback(self) -> list[str]:
        problems = []
        for step in reversed(self.undo):
            try:
                step()
            except Exception as exc:  # keep undoing the rest
                problems.append(str(exc))
        return problems


def _mkdirs(path: Path, journal: _Journal) -> None:
    missing = []
    for p in (path, *path.parents):
        if p.exists():
            break
        missing.append(p)
    for p in reversed(missing):
        p.mkdir()
        journal.undo.append(lambda p=p: p.rmdir())


def _mover(root: Path) -> Callable[[Path, Path], None]:
    """Return a function that moves a file with `git mv` when it is tracked, else renames."""
    try:
        import git

        repo = git.Repo(root, search_parent_directories=True)
    except Exception:  # not a repository, or no git binary: plain moves
        return lambda src, dst: os.replace(src, dst)

    def move(src: Path, dst: Path) -> None:
        tracked = repo.git.ls_files("--", str(src))
        if tracked:
            repo.git.mv(str(src), str(dst))
        else:
            os.replace(src, dst)

    return move


def apply(root: Path, changes: ChangeSet) -> None:
    """Apply the change set; on any failure restore everything and raise ApplyFailed."""
    journal = _Journal()
    try:
        if changes.moves:
            move = _mover(root)
            for src, dst in changes.moves:
                _mkdirs(dst.parent, journal)
                move(src, dst)
                journal.undo.append(lambda s=src, d=dst: move(d, s))
        for path, text in changes.writes:
            _mkdirs(path.parent, journal)
            if path.exists():
                original = path.read_bytes()
                journal.undo.append(lambda p=path, b=original: p.write_bytes(b))
            else:
                journal.undo.append(lambda p=path: p.unlink(missing_ok=True))
            write_atomic(path, text)
        for path in changes.deletes:
            original = path.read_bytes()
            path.unlink()
            journal.undo.append(lambda p=path, b=original: p.write_bytes(b))
        for directory in changes.remove_dirs:
            _remove_empty_dir(directory, journal)
    except Exception as exc:
        problems = journal.rollback()
        detail = f"; restoring also failed: {'; '.join(problems)}" if problems else ""
        raise ApplyFailed(
            f"could not apply the changes ({exc}); every file was restored{detail}"
        ) from exc


def _remove_empty_dir(directory: Path, journal: _Journal) -> None:
    """Remove a directory left with nothing but byte-code caches."""
    if not directory.is_dir():
        return
    leftovers = [p for p in directory.iterdir() if p.name != "__pycache__"]
    if leftovers:
        return
    shutil.rmtree(directory / "__pycache__", ignore_errors=True)
    directory.rmdir()
    journal.undo.append(lambda d=directory: d.mkdir(exist_ok=True))
