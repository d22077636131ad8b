from __future__ import annotations

from sqlalchemy.orm import Session

from app import crud
from app.models import Item, ItemCreate
from tests.utils.user import create_random_user
from tests.utils.utils import random_lower_string


def create_random_item(db: Session, owner_id: object = None) -> Item:
    if owner_id is None:
        owner, _ = create_random_user(db)
        owner_id = owner.id
    item_in = ItemCreate(title=random_lower_string(), description=random_lower_string())
    return crud.create_item(session=db, item_in=item_in, owner_id=owner_id)  # type: ignore[arg-type]
