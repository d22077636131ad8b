"""The start-up scripts work when run by path, the way the container runs them."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from app import crud
from app.backend_pre_start import init
from app.core.config import settings
from tests.conftest import PROJECT_ROOT


def _run_by_path(script: str, database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, script],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_backend_pre_start_by_path(database_url: str) -> None:
    result = _run_by_path("app/backend_pre_start.py", database_url)
    assert result.returncode == 0, result.stderr
    assert "Service finished initializing" in result.stderr


def test_initial_data_by_path_is_idempotent(database_url: str, db: Session) -> None:
    # `db` has already created the initial data in this database: the script runs a second time.
    assert crud.get_user_by_email(session=db, email=settings.FIRST_SUPERUSER) is not None
    result = _run_by_path("app/initial_data.py", database_url)
    assert result.returncode == 0, result.stderr
    assert "Initial data created" in result.stderr
    user = crud.get_user_by_email(session=db, email=settings.FIRST_SUPERUSER)
    assert user is not None and user.is_superuser


def test_backend_pre_start_gives_up_on_a_dead_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A file inside a missing directory: SQLite cannot open it.
    engine: Engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'app.db'}")
    try:
        init(engine, tries=2, wait=0)
    except Exception as exc:  # noqa: BLE001
        assert "unable to open database file" in str(exc)
    else:
        raise AssertionError("init() returned although the database cannot be opened")
