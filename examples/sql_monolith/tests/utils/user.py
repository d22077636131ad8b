from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import crud
from app.core.config import settings
from app.models import User, UserCreate, UserUpdate
from tests.utils.utils import random_email, random_lower_string


def user_authentication_headers(*, client: TestClient, email: str, password: str) -> dict[str, str]:
    data = {"username": email, "password": password}
    r = client.post(f"{settings.API_V1_STR}/login/access-token", data=data)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def create_random_user(db: Session, **fields: object) -> tuple[User, str]:
    password = random_lower_string()
    user_in = UserCreate(email=random_email(), password=password, **fields)  # type: ignore[arg-type]
    return crud.create_user(session=db, user_create=user_in), password


def authentication_token_from_email(
    *, client: TestClient, email: str, db: Session
) -> dict[str, str]:
    """Return a valid token for the user `email`, creating the user or resetting its password."""
    password = random_lower_string()
    user = crud.get_user_by_email(session=db, email=email)
    if user is None:
        crud.create_user(session=db, user_create=UserCreate(email=email, password=password))
    else:
        crud.update_user(session=db, db_user=user, user_in=UserUpdate(password=password))
    return user_authentication_headers(client=client, email=email, password=password)
