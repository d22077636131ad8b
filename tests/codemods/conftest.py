"""Small throw-away projects for the codemod tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

PYPROJECT = """\
[project]
name = "app"
version = "0"

[project.scripts]
app-run = "app.plugins.ws_adapter:main"

[tool.refactor-tools]
package = "app"
source = "src"
"""

BASE = {
    "pyproject.toml": PYPROJECT,
    "src/app/__init__.py": "",
    "src/app/config.py": "class Settings:\n    debug = False\n",
    "src/app/plugins/__init__.py": '"""Plugins."""\n',
    "src/app/plugins/ws_adapter.py": (
        "class Adapter:\n    pass\n\n\ndef _private():\n    return 1\n\n\ndef main():\n    return 0\n"
    ),
    "src/app/api/__init__.py": "",
    "src/app/api/helpers.py": "def helper():\n    return 'h'\n",
}


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write `files` (relative path -> text, dedented) under `root`."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file under `root` (except caches and .git) with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".git" not in p.parts
    }


@pytest.fixture
def project(tmp_path: Path):
    """Return a factory: build the base project plus extra files, return its config."""
    from refactor_tools.config import load_config

    def make(extra: dict[str, str] | None = None):
        write_tree(tmp_path, {**BASE, **(extra or {})})
        return load_config(tmp_path)

    return make
