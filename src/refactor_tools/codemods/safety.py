"""Checks every move passes before it writes: the tree is clean where it writes, and every
path stays inside the repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..config import ProjectConfig
from .results import MoveRefused


def dirty_files(root: Path, paths: list[Path]) -> list[str]:
    """Return the given paths (relative, posix) that have uncommitted changes; [] outside git."""
    if not paths:
        return []
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return []
    existing = [p for p in paths if p.exists()]
    if not existing:
        return []
    out = subprocess.run(
        ["git", "status", "--porcelain", "-z", "--untracked-files=no", "--", *(str(p) for p in existing)],
        cwd=root, capture_output=True, check=False,
    ).stdout.decode("utf-8", "replace")
    dirty = []
    for entry in out.split("\0"):
        if len(entry) > 3 and entry[:2].strip():
            path = Path(top) / entry[3:]
            try:
                dirty.append(path.resolve().relative_to(root.resolve()).as_posix())
            except ValueError:
                dirty.append(entry[3:])
    return sorted(set(dirty))


def refuse_dirty(config: ProjectConfig, paths: list[Path], allow_dirty: bool) -> None:
    """Refuse when a file the move would change has uncommitted changes.

    Raises:
        MoveRefused: listing the files (exit 2), unless `allow_dirty`.
    """
    if allow_dirty:
        return
    dirty = dirty_files(config.root, paths)
    if dirty:
        raise MoveRefused(
            f"{len(dirty)} file(s) the move would change have uncommitted changes: {', '.join(dirty)}",
            hint="commit or stash them first (a move you can diff and revert is a move you can trust), "
            "or pass --allow-dirty",
        )


def refuse_outside(config: ProjectConfig, path: Path, what: str) -> None:
    """Refuse a path that resolves (symlinks included) outside the project or its package.

    Raises:
        MoveRefused: naming the path and where it leads.
    """
    package = config.package_dir.resolve()
    resolved = path.resolve()
    if not resolved.is_relative_to(package):
        raise MoveRefused(
            f"{what} {path.relative_to(config.root) if path.is_relative_to(config.root) else path} "
            f"resolves to {resolved}, outside the package {config.package!r} at {config.package_dir.relative_to(config.root)}",
            hint="move modules only within the configured package (a symlink may lead elsewhere)",
        )


def is_free(path: Path) -> bool:
    """Return True when nothing but byte-code caches sits at `path` (a leftover `__pycache__`)."""
    if path.is_file() or path.is_symlink():
        return False
    if not path.exists():
        return True
    return all(p.name == "__pycache__" for p in path.iterdir())
