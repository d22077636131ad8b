from __future__ import annotations

from fastapi.encoders import jsonable_encoder
from sqlalchemy.orm import Session

from app import crud
from app.core.security import verify_password
from app.models import User, UserCreate, UserUpdate
from tests.utils.user import create_random_user
from tests.utils.utils import random_email, random_lower_string


def test_create_user(db: Session) -> None:
    email, password = random_email(), random_lower_string()
    user = crud.create_user(session=db, user_create=UserCreate(email=email, password=password))
    assert user.email == email
    assert user.hashed_password != password
    assert verify_password(password, user.hashed_password)


def test_authenticate_user(db: Session) -> None:
    user, password = create_random_user(db)
    authenticated = crud.authenticate(session=db, email=user.email, password=password)
    assert authenticated is not None
    assert authenticated.id == user.id


def test_not_authenticate_user(db: Session) -> None:
    assert crud.authenticate(session=db, email=random_email(), password="whatever1") is None


def test_not_authenticate_wrong_password(db: Session) -> None:
    user, _ = create_random_user(db)
    assert crud.authenticate(session=db, email=user.email, password="wrong-password") is None


def test_check_if_user_is_active(db: Session) -> None:
    user, _ = create_random_user(db)
    assert user.is_active is True


def test_check_if_user_is_active_inactive(db: Session) -> None:
    user, _ = create_random_user(db, is_active=False)
    assert user.is_active is False


def test_check_if_user_is_superuser(db: Session) -> None:
    user, _ = create_random_user(db, is_superuser=True)
    assert user.is_superuser is True


def test_check_if_user_is_superuser_normal_user(db: Session) -> None:
    user, _ = create_random_user(db)
    assert user.is_superuser is False


def test_get_user(db: Session) -> None:
    user, _ = create_random_user(db, is_superuser=True)
    user_2 = db.get(User, user.id)
    assert user_2 is not None
    assert jsonable_encoder(user_2, exclude={"items"}) == jsonable_encoder(user, exclude={"items"})
    assert crud.get_user(session=db, user_id=user.id) is user_2


def test_update_user(db: Session) -> None:
    user, _ = create_random_user(db, is_superuser=True)
    new_password = random_lower_string()
    crud.update_user(session=db, db_user=user, user_in=UserUpdate(password=new_password))
    db.expire_all()
    user_2 = db.get(User, user.id)
    assert user_2 is not None
    assert user_2.email == user.email
    assert verify_password(new_password, user_2.hashed_password)


def test_update_user_fields_only_set(db: Session) -> None:
    user, password = create_random_user(db, full_name="Kept Name")
    crud.update_user(session=db, db_user=user, user_in=UserUpdate(is_active=False))
    assert user.full_name == "Kept Name"
    assert user.is_active is False
    assert verify_password(password, user.hashed_password)


def test_list_users_counts_and_pages(db: Session) -> None:
    for _ in range(3):
        create_random_user(db)
    users, count = crud.list_users(session=db, skip=0, limit=2)
    assert len(users) == 2
    assert count >= 3
    emails = [u.email for u in crud.list_users(session=db, limit=count)[0]]
    assert emails == sorted(emails)
