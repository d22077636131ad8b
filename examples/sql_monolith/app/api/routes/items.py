"""Items: each belongs to one user; a superuser sees them all."""

from __future__ import annotations

from fastapi import APIRouter

from app import crud
from app.api.deps import CurrentUser, OwnedItemDep, SessionDep
from app.models import ItemCreate, ItemPublic, ItemsPublic, ItemUpdate, Message

router = APIRouter(prefix="/items", tags=["items"])


@router.get("/", response_model=ItemsPublic)
def read_items(
    session: SessionDep, current_user: CurrentUser, skip: int = 0, limit: int = 100
) -> ItemsPublic:
    owner_id = None if current_user.is_superuser else current_user.id
    items, count = crud.list_items(session=session, owner_id=owner_id, skip=skip, limit=limit)
    return ItemsPublic(data=[ItemPublic.model_validate(i) for i in items], count=count)


@router.get("/{id}", response_model=ItemPublic)
def read_item(item: OwnedItemDep) -> ItemPublic:
    return ItemPublic.model_validate(item)


@router.post("/", response_model=ItemPublic)
def create_item(
    *, session: SessionDep, current_user: CurrentUser, item_in: ItemCreate
) -> ItemPublic:
    item = crud.create_item(session=session, item_in=item_in, owner_id=current_user.id)
    return ItemPublic.model_validate(item)


@router.put("/{id}", response_model=ItemPublic)
def update_item(*, session: SessionDep, item: OwnedItemDep, item_in: ItemUpdate) -> ItemPublic:
    item = crud.update_item(session=session, db_item=item, item_in=item_in)
    return ItemPublic.model_validate(item)


@router.delete("/{id}")
def delete_item(session: SessionDep, item: OwnedItemDep) -> Message:
    crud.delete_item(session=session, db_item=item)
    return Message(message="Item deleted successfully")
