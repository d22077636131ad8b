"""The engine and the first superuser."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import Session

from app import crud
from app.core.config import settings
from app.models import User, UserCreate


def _connect_args(url: str) -> dict[str, object]:
    # The test client serves requests from another thread than the one that opened the file.
    return {"check_same_thread": False} if url.startswith("sqlite") else {}


engine = create_engine(settings.DATABASE_URL, connect_args=_connect_args(settings.DATABASE_URL))


@event.listens_for(engine, "connect")
def _enforce_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores ON DELETE CASCADE unless each connection asks for foreign keys.
    if engine.dialect.name == "sqlite":
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def init_db(session: Session) -> User:
    """Create the first superuser unless it exists; return it."""
    user = session.execute(select(User).where(User.email == settings.FIRST_SUPERUSER)).scalar()
    if user is None:
        user_in = UserCreate(
            email=settings.FIRST_SUPERUSER,
            password=settings.FIRST_SUPERUSER_PASSWORD,
            is_superuser=True,
        )
        user = crud.create_user(session=session, user_create=user_in)
    return user
