"""Fixtures of the gates' tests: the `notes` project (one SQLite file, .env, a ruff gate) in git."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.helpers import process_gone

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "driver"


class Project:
    """A copy of an asset project, committed in a fresh git repository."""

    def __init__(self, root: Path) -> None:
        import git

        self.root = root
        self.repo = git.Repo.init(root, initial_branch="main")
        with self.repo.config_writer() as cfg:
            cfg.set_value("user", "name", "Gate Tests")
            cfg.set_value("user", "email", "gates@example.invalid")
            cfg.set_value("commit", "gpgsign", "false")
            cfg.set_value("tag", "gpgsign", "false")
        self.commit_all("initial import")

    def commit_all(self, message: str) -> str:
        """Commit every change and return the new HEAD."""
        self.repo.git.add("--all")
        self.repo.git.commit("--quiet", "--allow-empty", "-m", message)
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

    def set_table(self, old: str, new: str) -> None:
        """Replace text in pyproject.toml (it must be there)."""
        text = self.read("pyproject.toml")
        assert old in text, old
        self.write("pyproject.toml", text.replace(old, new))

    def snapshot(self) -> dict[str, tuple[str, int]]:
        """Return (sha256, mode) of every file outside .git and the tools' state folder."""
        out = {}
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root).as_posix()
            if rel.split("/")[0] in (".git", ".refactor-tools") or path.is_dir():
                continue
            out[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), stat.S_IMODE(path.stat().st_mode))
        return out


@pytest.fixture
def notes(tmp_path):
    """Return a factory: `notes()` copies the notes project (with its .env) and commits it."""
    counter = iter(range(100))

    def make() -> Project:
        root = tmp_path / f"notes{next(counter)}"
        shutil.copytree(ASSETS / "notes", root)
        (root / "dot-env").rename(root / ".env")
        with (root / ".gitignore").open("a", encoding="utf-8") as handle:
            handle.write(".env\n")
        return Project(root)

    return make


@pytest.fixture(autouse=True)
def _no_inherited_pytest_state(monkeypatch):
    # The harness's own run may set these; a gate must behave as on a user's machine.
    for name in list(os.environ):
        if name.startswith("PYTEST_XDIST") or name == "PYTEST_ADDOPTS":
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def wait_gone():
    """Return `wait_gone(pid, seconds=10)`: True once the process is gone (zombies count as gone)."""
    return process_gone
