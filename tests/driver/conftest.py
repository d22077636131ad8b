"""Fixtures of the driver's tests: a tiny FastAPI project in a real git repository."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

ASSET = Path(__file__).resolve().parent.parent / "assets" / "driver" / "tiny"


class Project:
    """A copy of the tiny project, committed in a fresh git repository."""

    def __init__(self, root: Path) -> None:
        import git

        self.root = root
        self.repo = git.Repo.init(root, initial_branch="main")
        with self.repo.config_writer() as cfg:
            cfg.set_value("user", "name", "Driver Tests")
            cfg.set_value("user", "email", "driver@example.invalid")
            cfg.set_value("commit", "gpgsign", "false")
            cfg.set_value("tag", "gpgsign", "false")
        self.commit_all("initial import")

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
        """Return a hash of every file (tracked, untracked and ignored) outside .git."""
        out = {}
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root).as_posix()
            if rel == ".git" or rel.startswith(".git/") or path.is_dir():
                continue
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        return out


@pytest.fixture
def make_project(tmp_path):
    """Return a factory: `make_project(plan=None)` copies the tiny project and commits it."""
    counter = iter(range(100))

    def make(plan: str | None = None, progress: str | None = None) -> Project:
        root = tmp_path / f"tiny{next(counter)}"
        shutil.copytree(ASSET, root)
        if plan is not None:
            (root / "plans" / "plan.toml").write_text(plan, encoding="utf-8")
        if progress is not None:
            (root / "plans" / "PROGRESS.md").write_text(progress, encoding="utf-8")
        return Project(root)

    return make


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    from refactor_tools.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run
