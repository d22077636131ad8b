"""Shared test helpers: throw-away git repositories, tree snapshots and running the CLI.

Import as `from tests.helpers import ...` (the repository root is on pytest's `pythonpath`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import git

from refactor_tools.adapters.process import pid_alive
from refactor_tools.adapters.pytest_run import OPTIONAL_PLUGINS

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO / "tests" / "assets"
EXAMPLE = REPO / "examples" / "legacy_monolith"
PLANS = REPO / "plans"
# The tests gate's optional pytest plugins (hypothesis, schemathesis): no scratch or example suite
# uses them, so the suites the tests start leave them off too (about 0.75 s of imports per process).
UNUSED_PLUGINS = tuple(arg for name in sorted(OPTIONAL_PLUGINS) for arg in ("-p", f"no:{name}"))


def init_repo(root: Path, message: str = "initial import") -> git.Repo:
    """Make `root` a git repository with a repo-local identity and commit everything in it."""
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Refactor Tools Tests")
        cfg.set_value("user", "email", "tests@example.invalid")
        cfg.set_value("commit", "gpgsign", "false")
        cfg.set_value("tag", "gpgsign", "false")
    repo.git.add("--all")
    repo.git.commit("--quiet", "--allow-empty", "-m", message)
    return repo


class GitProject:
    """A project directory committed in its own fresh git repository."""

    def __init__(self, root: Path, message: str = "initial import") -> None:
        self.root = Path(root)
        self.repo = init_repo(self.root, message)

    def commit_all(self, message: str) -> str:
        """Commit every change and return the new HEAD."""
        self.repo.git.add("--all")
        self.repo.git.commit("--quiet", "--allow-empty", "-m", message)
        return self.head()

    def head(self) -> str:
        """Return HEAD's full hash."""
        return self.repo.head.commit.hexsha

    def write(self, rel: str, text: str) -> Path:
        """Write a file inside the project."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        """Read a file of the project."""
        return (self.root / rel).read_text(encoding="utf-8")

    def messages(self) -> list[str]:
        """Return commit subjects, newest first."""
        return [c.summary for c in self.repo.iter_commits()]

    def snapshot(self) -> dict[str, str]:
        """Return {path: sha256} of every file outside .git (see `tree_snapshot`)."""
        return tree_snapshot(self.root)


def copy_project(source: Path, target: Path) -> GitProject:
    """Copy a project folder to `target` and commit it in a fresh repository."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    return GitProject(target)


def tree_snapshot(root: Path) -> dict[str, str]:
    """Return {relative path: sha256} of every file under `root` except `.git/`.

    Untracked and ignored files count; a symlink counts by its target text.
    """
    digest = {}
    for path in sorted(Path(root).rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] == ".git" or (path.is_dir() and not path.is_symlink()):
            continue
        data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
        digest[rel.as_posix()] = hashlib.sha256(data).hexdigest()
    return digest


def snapshot_changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Return the paths added, removed or changed between two snapshots, sorted."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def run_cli(cwd: Path, *args: str, timeout: float = 1800,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `refactor-tools ARGS` with this interpreter in `cwd`; capture stdout and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "refactor_tools", *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


def head(root: Path) -> str:
    """Return the full hash of HEAD of the repository at `root`."""
    return git.Repo(root).head.commit.hexsha


def commit_all(root: Path, message: str) -> str:
    """Stage everything and commit in the repository at `root`; return the new HEAD."""
    repo = git.Repo(root)
    repo.git.add("--all")
    repo.index.commit(message)
    return repo.head.commit.hexsha


def plan_after_baseline(name: str, title: str, phases: str) -> str:
    """Return a plan whose phase-0 records the baseline (task 1), followed by `phases` (TOML)."""
    return f'''[plan]
name = "{name}"
title = "{title}"

[[phases]]
id = "phase-0"
title = "Preparation"

[[phases.tasks]]
id = "baseline"
number = 1
title = "Pre-Migration Validation"
actions = [{{kind = "baseline"}}]
gates = {{tests = false}}

''' + phases.lstrip("\n")


def process_gone(pid: int, seconds: float = 10.0) -> bool:
    """Return True once the process is gone, within `seconds` (a zombie counts as gone)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return False
