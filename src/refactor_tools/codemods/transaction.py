"""Apply a computed change set to disk as one transaction: all of it, or none of it."""

from __future__ import annotations

import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


class ApplyInterrupted(RefactorToolsError):
    """Ctrl-C or SIGTERM arrived while writing; every file touched was restored (exit 130)."""

    exit_code = 130


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so the journal can undo what was written."""


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass
class _Journal:
    undo: list[Callable[[], None]] = field(default_factory=list)
    touched: set[Path] = field(default_factory=set)

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


def apply(root: Path, changes: ChangeSet, after: Callable[[], None] | None = None) -> None:
    """Apply the change set, then run `after`; on any failure or interruption restore everything.

    Raises:
        ApplyFailed: a write or `after` failed; the tree is as it was.
        ApplyInterrupted: Ctrl-C or SIGTERM; the tree is as it was (the message lists what was
            restored).
    """
    journal = _Journal()
    try:
        with _sigterm_raises():
            _apply(root, changes, journal)
            if after is not None:
                after()
    except (KeyboardInterrupt, _Terminated) as exc:
        problems = journal.rollback()
        what = "Ctrl-C" if isinstance(exc, KeyboardInterrupt) else "SIGTERM"
        restored = sorted(p.relative_to(root).as_posix() if p.is_relative_to(root) else str(p) for p in journal.touched)
        detail = f"; restoring also failed: {'; '.join(problems)}" if problems else ""
        listed = ", ".join(restored) if restored else "nothing had been written yet"
        raise ApplyInterrupted(
            f"interrupted by {what}: restored {len(restored)} file(s) to their state before the run "
            f"({listed}){detail}"
        ) from None
    except BaseException as exc:
        problems = journal.rollback()
        detail = f"; restoring also failed: {'; '.join(problems)}" if problems else ""
        if isinstance(exc, RefactorToolsError):
            exc.message += f" (every file was restored{detail})"
            raise
        if not isinstance(exc, Exception):
            raise
        raise ApplyFailed(
            f"could not apply the changes ({exc}); every file was restored{detail}"
        ) from exc


def _apply(root: Path, changes: ChangeSet, journal: _Journal) -> None:
    if changes.moves:
        move = _mover(root)
        for src, dst in changes.moves:
            _mkdirs(dst.parent, journal)
            journal.undo.append(lambda s=src, d=dst: move(d, s) if d.exists() and not s.exists() else None)
            journal.touched |= {src, dst}
            move(src, dst)
    for path, text in changes.writes:
        _mkdirs(path.parent, journal)
        if path.exists():
            original = path.read_bytes()
            journal.undo.append(lambda p=path, b=original: _restore(p, b))
        else:
            journal.undo.append(lambda p=path: p.unlink(missing_ok=True))
        journal.touched.add(path)
        write_atomic(path, text)
    for path in changes.deletes:
        original = path.read_bytes()
        journal.undo.append(lambda p=path, b=original: _restore(p, b))
        journal.touched.add(path)
        path.unlink()
    for directory in changes.remove_dirs:
        _remove_empty_dir(directory, journal)


def _restore(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


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
