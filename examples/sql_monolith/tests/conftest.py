"""One database per test session: a fresh SQLite file, or the PostgreSQL that DATABASE_URL names.

The tests share that database and write to it, so they run in one process (no `-n`).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Generator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
_DB_DIR = Path(tempfile.mkdtemp(prefix="sql-monolith-tests-"))
# The folder (and the SQLite file in it) goes when the test process ends, however it ends.
atexit.register(shutil.rmtree, _DB_DIR, ignore_errors=True)

# Before the app is imported: its settings and engine are built at import time.
if not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
    os.environ["DATABASE_URL"] = f"sqlite:///{_DB_DIR / 'app.db'}"

from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.core.config import settings
from app.core.db import engine, init_db
from app.main import app
from tests.utils.user import authentication_token_from_email
from tests.utils.utils import get_superuser_token_headers


def alembic_config() -> Config:
    """Return the project's alembic configuration, whatever the working directory."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    location = Path(config.get_main_option("script_location") or "")
    if not location.is_absolute():
        config.set_main_option("script_location", str(PROJECT_ROOT / location))
    return config


@pytest.fixture(scope="session")
def database_url() -> str:
    return settings.DATABASE_URL


@pytest.fixture(scope="session", autouse=True)
def migrated_database(database_url: str) -> Generator[str, None, None]:
    """Bring the session's database to the newest revision with `alembic upgrade head`."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        pytest.skip(
            f"database {engine.url.render_as_string()} is not reachable ({exc.orig}): "
            "start PostgreSQL as the README says, or unset DATABASE_URL to use SQLite"
        )
    config = alembic_config()
    if engine.dialect.name == "postgresql":
        # A PostgreSQL database is reused across runs: start from an empty schema.
        command.downgrade(config, "base")
    command.upgrade(config, "head")
    yield database_url
    engine.dispose()


@pytest.fixture(scope="session")
def db(migrated_database: str) -> Generator[Session, None, None]:
    with Session(engine) as session:
        init_db(session)
        yield session


@pytest.fixture(scope="module")
def client(db: Session) -> Generator[TestClient, None, None]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def superuser_token_headers(client: TestClient) -> dict[str, str]:
    return get_superuser_token_headers(client)


@pytest.fixture(scope="module")
def normal_user_token_headers(client: TestClient, db: Session) -> dict[str, str]:
    return authentication_token_from_email(client=client, email="test-user@example.com", db=db)
