"""Git facts the report needs: where the repository's root is, and what git saw renamed.

Reads only: the root by looking for `.git` upwards (no git process, so the fast path stays
fast); renames from `git log`, asked only to explain a pattern that matches nothing.
"""

from __future__ import annotations

from pathlib import Path


def git_root(start: Path) -> Path | None:
    """Return the nearest folder at or above `start` holding `.git`, or None."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def project_dir(root: Path) -> str:
    """Return `root` relative to its git root, as a posix path ('' at the root or outside git)."""
    top = git_root(root)
    if top is None:
        return ""
    rel = root.resolve().relative_to(top).as_posix()
    return "" if rel == "." else rel


def renamed_files(root: Path, limit: int = 500) -> list[tuple[Path, Path]]:
    """Return (old, new) absolute paths of files renamed in the last `limit` commits, newest
    first; [] when `root` is not in a git repository or git cannot answer."""
    top = git_root(root)
    if top is None:
        return []
    try:
        import git

        out = git.Repo(top).git.log("-M", "--diff-filter=R", "--name-status", "--format=", "-n", str(limit))
    except Exception:  # noqa: BLE001 - a hint only: no history, no hint
        return []
    pairs = []
    for line in out.splitlines():
        fields = line.split("\t")
        if len(fields) == 3 and fields[0].startswith("R"):
            pairs.append((top / fields[1], top / fields[2]))
    return pairs
