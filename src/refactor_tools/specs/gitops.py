"""Git adapter: resolve a ref, and materialise a commit as a temporary worktree."""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ConfigError, UsageError

_MAX_LISTED = 30


def open_repo(root: Path):
    """Return the gitpython Repo that contains `root`.

    Raises:
        ConfigError: `root` is not inside a git repository, or git is missing.
    """
    try:
        import git
    except ImportError as exc:  # gitpython raises ImportError when the git binary is missing
        raise ConfigError(f"git is not usable: {exc}", hint="install git") from None
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ConfigError(
            f"{root} is not inside a git repository",
            hint="diff-specs compares with a git ref; run `git init` and commit a baseline",
        ) from None


def relative_root(repo, root: Path) -> Path:
    """Return the project directory relative to the repository's top (`.` when the same)."""
    top = Path(repo.working_tree_dir).resolve()
    return Path(root).resolve().relative_to(top)


def known_refs(repo) -> list[str]:
    """Return the names of the repository's tags and branches, sorted."""
    names = {t.name for t in repo.tags} | {h.name for h in repo.branches}
    return sorted(names)


def resolve_ref(repo, ref: str) -> str:
    """Return the commit id `ref` names.

    Raises:
        UsageError: no such ref; the message lists the tags and branches that exist.
    """
    import git

    try:
        return repo.commit(ref).hexsha
    except (git.BadName, git.BadObject, ValueError, IndexError):
        refs = known_refs(repo)
        listed = ", ".join(refs[:_MAX_LISTED]) + (" ..." if len(refs) > _MAX_LISTED else "")
        raise UsageError(
            f"unknown git ref {ref!r}. Known tags and branches: {listed or '(none)'}",
            hint="pass --baseline REF or set [tool.refactor-tools] baseline",
        ) from None


def _raise_on_term(signum, frame):  # noqa: ARG001 - signal handler signature
    raise SystemExit(128 + signum)


@contextmanager
def worktree(repo, commit: str) -> Iterator[Path]:
    """Check `commit` out as a detached worktree in a temp dir; remove it however we leave.

    SIGTERM is turned into SystemExit while the worktree exists (SIGINT already raises
    KeyboardInterrupt), so the `finally` below runs on Ctrl-C and on `kill`.
    """
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_on_term) if main_thread else None
    parent = Path(tempfile.mkdtemp(prefix="refactor-tools-worktree-"))
    path = parent / "tree"
    try:
        repo.git.worktree("prune")
        repo.git.worktree("add", "--detach", str(path), commit)
        yield path
    finally:
        try:
            if path.exists():
                repo.git.worktree("remove", "--force", str(path))
        finally:
            repo.git.worktree("prune")
            shutil.rmtree(parent, ignore_errors=True)
            if main_thread:
                signal.signal(signal.SIGTERM, previous)
