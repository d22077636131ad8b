"""The migrations build the schema the models describe, from an empty database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from app.models import Base
from tests.conftest import PROJECT_ROOT, alembic_config


def _alembic(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_one_head_and_a_linear_history() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert len(revisions) >= 2
    assert revisions[-1].down_revision is None


def test_models_and_migrations_agree() -> None:
    # `alembic check` against the session's database, which is at head.
    command.check(alembic_config())


@pytest.fixture(scope="module")
def upgraded_by_the_cli(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite file brought to head by `alembic upgrade head`, the way the README says."""
    path = tmp_path_factory.mktemp("migrations") / "upgraded.db"
    result = _alembic("upgrade", "head", database_url=f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    return path


def test_upgrade_head_on_an_empty_database(upgraded_by_the_cli: Path) -> None:
    tables = set(inspect(create_engine(f"sqlite:///{upgraded_by_the_cli}")).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_downgrade_to_base_removes_every_table(upgraded_by_the_cli: Path, tmp_path: Path) -> None:
    path = tmp_path / "roundtrip.db"
    shutil.copyfile(upgraded_by_the_cli, path)
    url = f"sqlite:///{path}"
    result = _alembic("downgrade", "base", database_url=url)
    assert result.returncode == 0, result.stderr
    assert set(inspect(create_engine(url)).get_table_names()) == {"alembic_version"}


def test_every_table_has_a_migration() -> None:
    assert set(Base.metadata.tables) == {"user", "item"}


@pytest.mark.parametrize("table", ["user", "item"])
def test_table_exists_in_the_session_database(table: str, database_url: str) -> None:
    assert table in inspect(create_engine(database_url)).get_table_names()
