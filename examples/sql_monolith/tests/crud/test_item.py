from __future__ import annotations

from sqlalchemy.orm import Session

from app import crud
from app.models import ItemCreate, ItemUpdate
from tests.utils.item import create_random_item
from tests.utils.user import create_random_user


def test_create_item(db: Session) -> None:
    owner, _ = create_random_user(db)
    item = crud.create_item(
        session=db, item_in=ItemCreate(title="A title", description="words"), owner_id=owner.id
    )
    assert item.title == "A title"
    assert item.owner_id == owner.id
    assert item.owner.email == owner.email


def test_user_items_relationship(db: Session) -> None:
    owner, _ = create_random_user(db)
    first = create_random_item(db, owner_id=owner.id)
    second = create_random_item(db, owner_id=owner.id)
    db.refresh(owner)
    assert {i.id for i in owner.items} == {first.id, second.id}


def test_update_item(db: Session) -> None:
    item = create_random_item(db)
    updated = crud.update_item(session=db, db_item=item, item_in=ItemUpdate(title="New"))
    assert updated.title == "New"
    assert updated.description == item.description


def test_delete_item(db: Session) -> None:
    item = create_random_item(db)
    item_id = item.id
    crud.delete_item(session=db, db_item=item)
    assert crud.get_item(session=db, item_id=item_id) is None


def test_list_items_by_owner(db: Session) -> None:
    owner, _ = create_random_user(db)
    for _ in range(3):
        create_random_item(db, owner_id=owner.id)
    create_random_item(db)
    items, count = crud.list_items(session=db, owner_id=owner.id, limit=2)
    assert count == 3
    assert len(items) == 2
    assert all(i.owner_id == owner.id for i in items)
