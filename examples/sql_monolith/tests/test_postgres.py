"""PostgreSQL only: what SQLite cannot show. Skipped unless DATABASE_URL names PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from app.core.db import engine
from tests.utils.item import create_random_item

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        engine.dialect.name != "postgresql",
        reason="needs DATABASE_URL=postgresql+psycopg://... (see the README)",
    ),
]


def test_ids_are_native_uuids() -> None:
    columns = {c["name"]: c for c in inspect(engine).get_columns("user")}
    assert str(columns["id"]["type"]) == "UUID"


def test_deleting_a_user_in_sql_cascades_to_its_items(db: Session) -> None:
    item = create_random_item(db)
    owner_id, item_id = item.owner_id, item.id
    db.execute(text('DELETE FROM "user" WHERE id = :id'), {"id": owner_id})
    db.commit()
    remaining = db.execute(text("SELECT count(*) FROM item WHERE id = :id"), {"id": item_id})
    assert remaining.scalar_one() == 0
