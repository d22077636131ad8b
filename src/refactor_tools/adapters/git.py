"""Git: the one adapter every part of the harness reaches git through.

One policy: a path outside any repository is a `ConfigError` with a hint; a failing git
command is a `GitError` (exit 2) carrying git's own words; an unknown ref is a `UsageError`
listing the tags and branches that exist. `Git.worktree(commit)` checks a commit out in a
temporary folder and removes it however the block is left (Ctrl-C and SIGTERM included;
`sigterm_raises()` makes `finally` blocks run on `kill`, here and in the driver).
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import ConfigError, RefactorToolsError, UsageError

WORKTREE_PREFIX = "refactor-tools-worktree-"
NOT_A_REPO_HINT = "run `git init` and commit the project first"
_MAX_LISTED = 30


class GitError(RefactorToolsError):
    """A git operation failed (exit 2); the message carries git's own words."""


class HookFailed(GitError):
    """A commit with the repository's hooks enabled failed: `output` is what git and the hooks printed."""

    def __init__(self, message: str, *, output: str, hooks: list[str]) -> None:
        super().__init__(message)
        self.output, self.hooks = output, hooks


def _text(value: object) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value or "")
    # gitpython quotes captured streams as "  stderr: '...'"
    for prefix in ("stdout:", "stderr:"):
        stripped = text.strip()
        if stripped.startswith(prefix):
            text = stripped[len(prefix):].strip()
            if len(text) >= 2 and text[0] == text[-1] == "'":
                text = text[1:-1]
    return text


def _gitpython():
    try:
        import git  # gitpython is heavy to import: only commands that touch git pay for it
    except ImportError as exc:  # gitpython raises ImportError when the git binary is missing
        raise ConfigError(f"git is not usable: {exc}", hint="install git") from None
    return git


def quick_resolve(root: Path, ref: str) -> str | None:
    """Return the commit `ref` names, asking the git binary directly (no GitPython import).

    For hot paths (a warm `diff-specs`); None on any doubt, and the caller falls back to
    `Git(root).resolve_ref`, which says what is wrong.
    """
    import subprocess

    if not ref or ref.startswith("-"):
        return None
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
            cwd=root, capture_output=True, text=True, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = proc.stdout.strip()
    return commit if proc.returncode == 0 and len(commit) in (40, 64) else None


class Git:
    """One repository's working tree, reached from `root` (the repository or a folder in it)."""

    def __init__(self, root: Path, *, hint: str = NOT_A_REPO_HINT) -> None:
        """Open the repository containing `root`.

        Raises:
            ConfigError: `root` is not inside a git repository (the hint says what to do).
        """
        git = _gitpython()
        try:
            self.repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise ConfigError(f"{root} is not inside a git repository", hint=hint) from None
        self.top = Path(self.repo.working_tree_dir).resolve()
        self.root = Path(root).resolve()

    @classmethod
    def init(cls, root: Path, user_name: str, user_email: str, branch: str = "main") -> Git:
        """Make `root` a new repository with a repo-local identity."""
        git = _gitpython()
        repo = git.Repo.init(root, initial_branch=branch)
        with repo.config_writer() as cfg:
            cfg.set_value("user", "name", user_name)
            cfg.set_value("user", "email", user_email)
        return cls(root)

    def run(self, *args: str) -> str:
        """Run one git command and return its stdout."""
        git = _gitpython()
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

    def branch(self) -> str | None:
        """Return the checked-out branch's name, or None on a detached HEAD."""
        try:
            return self.run("symbolic-ref", "--quiet", "--short", "HEAD").strip() or None
        except GitError:
            return None

    # --- refs -------------------------------------------------------------------------------

    def resolve(self, ref: str) -> str | None:
        """Return the full hash a ref or (short) hash names as a commit, or None."""
        try:
            return self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip() or None
        except GitError:
            return None

    def resolve_ref(self, ref: str, hint: str | None = None) -> str:
        """Return the commit `ref` names.

        Raises:
            UsageError: no such ref; the message lists the tags and branches that exist.
        """
        commit = self.resolve(ref) if ref and not ref.startswith("-") else None
        if commit is None:
            refs = self.known_refs()
            listed = ", ".join(refs[:_MAX_LISTED]) + (" ..." if len(refs) > _MAX_LISTED else "")
            raise UsageError(f"unknown git ref {ref!r}. Known tags and branches: {listed or '(none)'}", hint=hint)
        return commit

    def known_refs(self) -> list[str]:
        """Return the names of the repository's tags and branches, sorted."""
        out = self.run("for-each-ref", "--format=%(refname:short)", "refs/tags", "refs/heads")
        return sorted({line for line in out.splitlines() if line})

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

    def changed_files(self, commit: str) -> list[str]:
        """Return the paths `commit` changed against its first parent, sorted."""
        out = self.run("diff-tree", "--no-commit-id", "--name-only", "-r", "--root", "-z", commit)
        return sorted(p for p in out.split("\0") if p)

    # --- the working tree -------------------------------------------------------------------

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

    def untracked_files(self) -> list[str]:
        """Return untracked files that are not ignored, sorted."""
        out = self.run("ls-files", "--others", "--exclude-standard", "-z")
        return sorted(p for p in out.split("\0") if p)

    def tracked_files(self) -> list[str]:
        """Return the files in the index, sorted."""
        return sorted(p for p in self.run("ls-files", "-z").split("\0") if p)

    def files_at(self, commit: str) -> set[str]:
        """Return the paths of every file in `commit`'s tree."""
        return {p for p in self.run("ls-tree", "-r", "-z", "--name-only", commit).split("\0") if p}

    def changed_since(self, commit: str) -> list[str]:
        """Return tracked paths whose working-tree content differs from `commit` (added, changed, deleted)."""
        out = self.run("diff", "--name-only", "-z", "--no-renames", commit, "--")
        return sorted(p for p in out.split("\0") if p)

    def files_under(self, folder: Path) -> list[str]:
        """Return every file below `folder`, relative to the top of the tree, sorted."""
        if not folder.is_dir():
            return []
        return sorted(self.rel(p) for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())

    def reset_hard(self, commit: str) -> None:
        """Point HEAD, the index and tracked files at `commit`."""
        self.run("reset", "--hard", "--quiet", commit)

    def commit_all(self, message: str, pathspec: str = ".", hooks: Mapping[str, str] | None = None) -> str | None:
        """Stage everything under `pathspec` and commit; return the hash, None if no change.

        Args:
            hooks: None commits with `--no-verify`; an environment (variables laid over this
                process's) lets the repository's hooks run with it.

        Raises:
            HookFailed: with `hooks`, the commit failed (a hook refused it); carries git's output.
        """
        self.run("add", "--all", "--", pathspec)
        if not self.run("diff", "--cached", "--name-only", "--", pathspec).strip():
            return None
        self._commit(["-m", message, "--", pathspec], hooks)
        return self.head()

    def commit_paths(self, message: str, paths: list[str], hooks: Mapping[str, str] | None = None) -> str:
        """Commit exactly these paths (other staged changes stay staged); return the hash.

        `hooks` as in `commit_all`.
        """
        self.run("add", "--", *paths)
        self._commit(["-m", message, "--only", "--", *paths], hooks)
        return self.head()

    def _commit(self, args: list[str], hooks: Mapping[str, str] | None) -> None:
        if hooks is None:
            self.run("commit", "--quiet", "--no-verify", *args)
            return
        git = _gitpython()
        try:
            self.repo.git.execute(["git", "commit", "--quiet", *args], env=dict(hooks), with_extended_output=True)
        except git.GitCommandError as exc:
            output = "\n".join(part.strip() for part in (_text(exc.stdout), _text(exc.stderr)) if part.strip())
            raise HookFailed(
                f"git commit failed with the repository's hooks enabled (exit {exc.status})",
                output=output, hooks=self.active_hooks(),
            ) from None

    def active_hooks(self) -> list[str]:
        """Return the names of the executable commit hooks git would run (core.hooksPath honoured)."""
        folder = Path(self.run("rev-parse", "--path-format=absolute", "--git-path", "hooks").strip())
        names = ("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit")
        return [n for n in names if (folder / n).is_file() and os.access(folder / n, os.X_OK)]

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

    # --- scratch worktrees ------------------------------------------------------------------

    @contextmanager
    def worktree(self, commit: str) -> Iterator[Path]:
        """Check `commit` out as a detached worktree in a temp folder; remove it however we leave.

        SIGTERM is turned into SystemExit while the worktree exists (SIGINT already raises
        KeyboardInterrupt), so the clean-up runs on Ctrl-C and on `kill`. The folder's name
        carries this process's id so that a later run can prune what a killed one left.
        """
        with sigterm_raises():
            parent = Path(tempfile.mkdtemp(prefix=f"{WORKTREE_PREFIX}{os.getpid()}-"))
            path = parent / "tree"
            try:
                self.run("worktree", "prune")
                self.run("worktree", "add", "--detach", "--quiet", str(path), commit)
                yield path
            finally:
                try:
                    if path.exists():
                        self.run("worktree", "remove", "--force", str(path))
                finally:
                    shutil.rmtree(parent, ignore_errors=True)
                    self.run("worktree", "prune")

    def prune_stale_worktrees(self) -> list[Path]:
        """Remove the temp folders and worktree records of runs whose process is gone.

        Returns:
            The folders removed.
        """
        from .process import pid_alive

        removed = []
        for folder in sorted(Path(tempfile.gettempdir()).glob(f"{WORKTREE_PREFIX}*")):
            pid = folder.name.removeprefix(WORKTREE_PREFIX).split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        self.run("worktree", "prune")
        return removed


def _raise_on_term(signum, frame):  # noqa: ARG001 - signal handler signature
    raise SystemExit(128 + signum)


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises SystemExit(128 + signum) in the main thread, so `finally`
    blocks (restores, worktree removal) run on `kill` as they do on Ctrl-C. Elsewhere (another
    thread cannot set handlers) it does nothing. The previous handler is put back on leaving."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def remove_path(target: Path) -> None:
    """Remove a file, symlink or folder if it exists."""
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target, ignore_errors=True)
    elif target.exists() or target.is_symlink():
        target.unlink()
