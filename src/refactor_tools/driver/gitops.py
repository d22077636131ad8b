"""Git adapter of the driver: every git call goes through here and returns plain data.

Library errors become `GitError` (exit 2) with the git command's own message.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import RefactorToolsError


class GitError(RefactorToolsError):
    """A git operation failed (exit 2); the message carries git's own words."""


def _git():
    import git  # gitpython is heavy to import: only commands that touch git pay for it

    return git


class Git:
    """A thin wrapper over one repository's working tree."""

    def __init__(self, root: Path) -> None:
        git = _git()
        try:
            self.repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitError(
                f"{root} is not inside a git repository",
                hint="run `git init` and commit the project first",
            ) from None
        self.top = Path(self.repo.working_tree_dir).resolve()
        self.root = Path(root).resolve()

    def run(self, *args: str) -> str:
        """Run one git command and return its stdout."""
        git = _git()
        try:
            return self.repo.git.execute(["git", *args], strip_newline_in_stdout=False)
        except git.GitCommandError as exc:
            stderr = (exc.stderr or "").strip().removeprefix("stderr:").strip(" '\n")
            raise GitError(f"git {' '.join(args)} failed: {stderr or exc}") from None

    def rel(self, path: Path) -> str:
        """Return `path` relative to the top of the working tree, in posix form."""
        return Path(path).resolve().relative_to(self.top).as_posix()

    def head(self) -> str:
        """Return the full hash of HEAD, or raise GitError when there is no commit yet."""
        try:
            return self.run("rev-parse", "--verify", "HEAD^{commit}").strip()
        except GitError:
            raise GitError("the repository has no commit yet", hint="commit the project first") from None

    def dirty_paths(self) -> list[str]:
        """Return modified, staged and untracked (not ignored) paths, sorted."""
        out = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all")
        paths: list[str] = []
        entries = out.split("\0")
        index = 0
        while index < len(entries):
            entry = entries[index]
            index += 1
            if not entry:
                continue
            status, path = entry[:2], entry[3:]
            paths.append(path)
            if status[0] in "RC":
                index += 1  # the rename's source path follows
        return sorted(set(paths))

    def ignored_entries(self) -> list[str]:
        """Return ignored untracked paths (whole ignored folders collapsed), sorted."""
        out = self.run("ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "-z")
        return sorted(p for p in out.split("\0") if p)

    def restore(self, commit: str, ignored_before: list[str] | None,
                state_dir: Path | None = None, state_files: list[str] | None = None) -> None:
        """Put the tree back to `commit`: reset, drop files the run created, keep user files.

        `ignored_before` lists the ignored entries that existed before the run; ignored
        entries created since (caches, bytecode) are removed too, but nothing inside an
        ignored folder that existed before (a .venv stays as it is). Inside `state_dir` (the
        tools' own folder, whose caches git lists only as folders) every file not named in
        `state_files` (paths relative to the top of the tree) is removed.
        """
        self.run("reset", "--hard", "--quiet", commit)
        self.run("clean", "-fd", "--quiet")
        if ignored_before is None:
            return
        before = set(ignored_before)
        for entry in self.ignored_entries():
            if entry in before or any(entry.startswith(b) for b in before if b.endswith("/")):
                continue
            _remove(self.top / entry)
        if state_dir is not None and state_files is not None and state_dir.is_dir():
            keep = set(state_files)
            for path in sorted(state_dir.rglob("*"), reverse=True):
                if path.is_dir() and not path.is_symlink():
                    if not any(path.iterdir()):
                        path.rmdir()
                elif self.rel(path) not in keep:
                    path.unlink()

    def files_under(self, folder: Path) -> list[str]:
        """Return every file below `folder`, relative to the top of the tree, sorted."""
        if not folder.is_dir():
            return []
        return sorted(self.rel(p) for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())

    def commit_all(self, message: str, pathspec: str = ".") -> str | None:
        """Stage everything under `pathspec` and commit; return the hash, None if no change."""
        self.run("add", "--all", "--", pathspec)
        if not self.run("diff", "--cached", "--name-only", "--", pathspec).strip():
            return None
        self.run("commit", "--quiet", "--no-verify", "-m", message, "--", pathspec)
        return self.head()

    def commit_paths(self, message: str, paths: list[str]) -> str:
        """Commit exactly these paths (other staged changes stay staged); return the hash."""
        self.run("add", "--", *paths)
        self.run("commit", "--quiet", "--no-verify", "-m", message, "--only", "--", *paths)
        return self.head()

    def resolve(self, ref: str) -> str | None:
        """Return the full hash a ref or (short) hash names as a commit, or None."""
        try:
            return self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip() or None
        except GitError:
            return None

    def is_ancestor(self, older: str, newer: str) -> bool:
        """Return True when `older` is `newer` or one of its ancestors."""
        try:
            self.run("merge-base", "--is-ancestor", older, newer)
        except GitError:
            return False
        return True

    def short(self, commit: str) -> str:
        """Return the 7-character short hash (longer when ambiguous)."""
        return self.run("rev-parse", "--short=7", commit).strip()

    def tag_target(self, name: str) -> str | None:
        """Return the commit a tag points at, or None when the tag does not exist."""
        if not self.run("tag", "--list", name).strip():
            return None
        return self.resolve(f"refs/tags/{name}")

    def create_tag(self, name: str, commit: str, message: str) -> None:
        """Create an annotated tag."""
        self.run("tag", "--annotate", "--message", message, name, commit)

    def delete_tag(self, name: str) -> None:
        """Delete a tag if it exists."""
        if self.tag_target(name):
            self.run("tag", "--delete", name)

    def ensure_excluded(self, patterns: list[str]) -> None:
        """Add patterns to the repository's local exclude file (never a tracked file)."""
        exclude = Path(self.run("rev-parse", "--git-path", "info/exclude").strip())
        if not exclude.is_absolute():
            exclude = self.top / exclude
        exclude.parent.mkdir(parents=True, exist_ok=True)
        lines = exclude.read_text(encoding="utf-8").splitlines() if exclude.exists() else []
        missing = [p for p in patterns if p not in lines]
        if missing:
            with exclude.open("a", encoding="utf-8") as handle:
                if lines and not exclude.read_text(encoding="utf-8").endswith("\n"):
                    handle.write("\n")
                handle.write("# refactor-tools driver state\n" + "".join(f"{p}\n" for p in missing))

    def add_worktree(self, path: Path, commit: str) -> None:
        """Check out `commit` (detached) into a new worktree at `path`."""
        self.run("worktree", "add", "--detach", "--quiet", str(path), commit)

    def remove_worktree(self, path: Path) -> None:
        """Remove a worktree made by add_worktree, even when it has changes."""
        try:
            self.run("worktree", "remove", "--force", str(path))
        finally:
            if path.exists():
                shutil.rmtree(path, ignore_errors=True)
            self.run("worktree", "prune")


def _remove(target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target, ignore_errors=True)
    elif target.exists() or target.is_symlink():
        target.unlink()


def pid_alive(pid: int) -> bool:
    """Return True when a process with this id exists (zombies count as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return True
    return True


def process_start_ticks(pid: int) -> int | None:
    """Return the process's start time in clock ticks (Linux), to detect a reused pid."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None
