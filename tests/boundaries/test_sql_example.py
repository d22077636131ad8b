"""The SQL example (a real-layout FastAPI backend) passes with its alembic folder excluded."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sql_monolith"
IGNORED = shutil.ignore_patterns(".venv", "__pycache__", ".refactor-tools", ".ruff_cache", ".pytest_cache", "*.db")


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "sql_monolith"
    shutil.copytree(EXAMPLE, root, ignore=IGNORED)
    return root


def test_the_sql_example_passes_with_its_alembic_folder_excluded(tmp_path, run):
    root = _copy(tmp_path)
    assert (root / "app" / "alembic" / "env.py").is_file()
    assert not (root / "app" / "alembic" / "__init__.py").exists()
    result = run(root)
    assert result.code == 0, result.out
    assert "alembic" not in result.out


def test_without_the_exclude_its_alembic_files_are_reported_as_not_packages(tmp_path, run, edit):
    root = _copy(tmp_path)
    edit(root / "pyproject.toml", 'exclude = ["alembic/**"]', "exclude = []")
    result = run(root)
    assert result.code == 1
    assert "app/alembic/env.py:1: [skipped-file] not in the import graph: folder app/alembic has no __init__.py" in result.out
