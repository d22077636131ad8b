"""Database access for users and items."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.security import get_password_hash, verify_password
from app.models import Item, ItemCreate, ItemUpdate, User, UserCreate, UserUpdate

DEFAULT_PAGE_SIZE = 100


# ---------------------------------------------------------------------------- users
def create_user(*, session: Session, user_create: UserCreate) -> User:
    data = user_create.model_dump(exclude={"password"})
    user = User(**data, hashed_password=get_password_hash(user_create.password))
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def update_user(*, session: Session, db_user: User, user_in: UserUpdate) -> User:
    data: dict[str, Any] = user_in.model_dump(exclude_unset=True)
    password = data.pop("password", None)
    if password:
        db_user.hashed_password = get_password_hash(password)
    for key, value in data.items():
        setattr(db_user, key, value)
    session.add(db_user)
    session.commit()
    session.refresh(db_user)
    return db_user


def get_user_by_email(*, session: Session, email: str) -> User | None:
    return session.execute(select(User).where(User.email == email)).scalar_one_or_none()


def get_user(*, session: Session, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)


def list_users(
    *, session: Session, skip: int = 0, limit: int = DEFAULT_PAGE_SIZE
) -> tuple[list[User], int]:
    count = session.execute(select(func.count()).select_from(User)).scalar_one()
    users = session.execute(select(User).order_by(User.email).offset(skip).limit(limit))
    return list(users.scalars()), count


def delete_user(*, session: Session, db_user: User) -> None:
    session.delete(db_user)
    session.commit()


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    db_user = get_user_by_email(session=session, email=email)
    if db_user is None or not verify_password(password, db_user.hashed_password):
        return None
    return db_user


# ---------------------------------------------------------------------------- items
def create_item(*, session: Session, item_in: ItemCreate, owner_id: uuid.UUID) -> Item:
    item = Item(**item_in.model_dump(), owner_id=owner_id)
    session.add(item)
    session.commit()
    session.refresh(item)
    return item


def get_item(*, session: Session, item_id: uuid.UUID) -> Item | None:
    return session.get(Item, item_id)


def list_items(
    *,
    session: Session,
    owner_id: uuid.UUID | None = None,
    skip: int = 0,
    limit: int = DEFAULT_PAGE_SIZE,
) -> tuple[list[Item], int]:
    query = select(Item)
    counter = select(func.count()).select_from(Item)
    if owner_id is not None:
        query = query.where(Item.owner_id == owner_id)
        counter = counter.where(Item.owner_id == owner_id)
    count = session.execute(counter).scalar_one()
    items = session.execute(query.order_by(Item.title, Item.id).offset(skip).limit(limit))
    return list(items.scalars()), count


def update_item(*, session: Session, db_item: Item, item_in: ItemUpdate) -> Item:
    for key, value in item_in.model_dump(exclude_unset=True).items():
        setattr(db_item, key, value)
    session.add(db_item)
    session.commit()
    session.refresh(db_item)
    return db_item


def delete_item(*, session: Session, db_item: Item) -> None:
    session.delete(db_item)
    session.commit()
