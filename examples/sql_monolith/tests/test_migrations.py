"""The migrations build the schema the models describe, from an empty database."""

from __future__ import annotations

import os
import subprocess
import sys

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


def test_upgrade_head_on_an_empty_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = _alembic("upgrade", "head", database_url=url)
    assert result.returncode == 0, result.stderr
    tables = set(inspect(create_engine(url)).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_downgrade_to_base_removes_every_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    assert _alembic("upgrade", "head", database_url=url).returncode == 0
    result = _alembic("downgrade", "base", database_url=url)
    assert result.returncode == 0, result.stderr
    assert set(inspect(create_engine(url)).get_table_names()) == {"alembic_version"}


def test_every_table_has_a_migration() -> None:
    assert set(Base.metadata.tables) == {"user", "item"}


@pytest.mark.parametrize("table", ["user", "item"])
def test_table_exists_in_the_session_database(table: str, database_url: str) -> None:
    assert table in inspect(create_engine(database_url)).get_table_names()
