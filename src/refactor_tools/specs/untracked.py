"""`[specs] copy-untracked`: files of the working tree that a baseline worktree lacks (`.env`).

Public API:
    resolve_copies(root, names) -> tuple[UntrackedFile, ...]   checked, fenced (exit 2)
    digest(copies) -> dict[str, str]                           part of the cache key
    copy_into(copies, tree) -> list[str]                       the names copied

A checkout made by `git worktree add` holds only committed files, so settings read from an
uncommitted `.env` are missing there. Each named path must resolve (symlinks included) inside
the project; a file the baseline commit has keeps the baseline's own version; a name that does
not exist in the working tree is skipped (and said so when generation fails).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..config import TABLE
from ..errors import ConfigError
from ..fileio import inside

KEY = f"{TABLE}.specs"


@dataclass(frozen=True)
class UntrackedFile:
    """One `copy-untracked` entry: its name as written and where it is in the working tree."""

    name: str
    source: Path

    @property
    def exists(self) -> bool:
        """Return True when the working tree has the file."""
        return self.source.is_file()


def resolve_copies(root: Path, names: tuple[str, ...] | list[str]) -> tuple[UntrackedFile, ...]:
    """Check each name: relative, no `..`, inside the project once symlinks are resolved, a file.

    Raises:
        ConfigError: a name escapes the project or names a folder (exit 2).
    """
    pyproject = str(Path(root) / "pyproject.toml")
    out = []
    for name in names:
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if PurePosixPath(name).is_absolute() or ".." in parts:
            raise ConfigError(
                f"copy-untracked {name!r} must be a path relative to the project, without '..'",
                file=pyproject, key=KEY, hint='e.g. copy-untracked = [".env"]',
            )
        source = inside(root, name, what="copy-untracked entry")
        if source.is_dir():
            raise ConfigError(f"copy-untracked {name!r} is a folder; name the files in it",
                              file=pyproject, key=KEY)
        out.append(UntrackedFile(name=name, source=source))
    return tuple(out)


def digest(copies: tuple[UntrackedFile, ...]) -> dict[str, str]:
    """Return name -> sha256 of the working tree's file ("missing" when absent)."""
    found = {}
    for copy in copies:
        try:
            found[copy.name] = hashlib.sha256(copy.source.read_bytes()).hexdigest()
        except OSError:
            found[copy.name] = "missing"
    return found


def copy_into(copies: tuple[UntrackedFile, ...], tree: Path) -> list[str]:
    """Copy each existing file to the same place in `tree` unless the checkout already has it.

    Raises:
        ConfigError: the destination resolves outside `tree` (a symlink of the checkout).
    """
    copied = []
    for copy in copies:
        if not copy.exists:
            continue
        target = Path(tree) / copy.name
        if target.exists() or target.is_symlink():
            continue
        destination = inside(tree, copy.name, what="copy-untracked entry (in the baseline checkout)")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(copy.source, destination)
        copied.append(copy.name)
    return copied
