from __future__ import annotations

import uuid
from unittest.mock import patch

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import crud
from app.core.config import settings
from app.core.security import verify_password
from app.models import User, UserCreate
from tests.utils.item import create_random_item
from tests.utils.user import create_random_user, user_authentication_headers
from tests.utils.utils import random_email, random_lower_string

USERS = f"{settings.API_V1_STR}/users"


def test_get_users_superuser_me(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{USERS}/me", headers=superuser_token_headers)
    current_user = r.json()
    assert current_user["is_active"] is True
    assert current_user["is_superuser"] is True
    assert current_user["email"] == settings.FIRST_SUPERUSER


def test_get_users_normal_user_me(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{USERS}/me", headers=normal_user_token_headers)
    current_user = r.json()
    assert current_user["is_superuser"] is False
    assert current_user["email"] == "test-user@example.com"


def test_users_me_without_token(client: TestClient) -> None:
    r = client.get(f"{USERS}/me")
    assert r.status_code == 401


def test_users_me_with_invalid_token(client: TestClient) -> None:
    r = client.get(f"{USERS}/me", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 403
    assert r.json() == {"detail": "Could not validate credentials"}


def test_create_user_new_email(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    with (
        patch("app.utils.send_email", return_value=None),
        patch("app.api.routes.users.send_email") as send_email,
        patch("app.core.config.settings.SMTP_HOST", "smtp.example.com"),
    ):
        email = random_email()
        data = {"email": email, "password": random_lower_string()}
        r = client.post(f"{USERS}/", headers=superuser_token_headers, json=data)
    assert r.status_code == 200, r.text
    assert send_email.call_count == 1
    assert send_email.call_args.kwargs["email_to"] == email
    user = crud.get_user_by_email(session=db, email=email)
    assert user is not None
    assert user.email == r.json()["email"]


def test_create_user_without_smtp_sends_nothing(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    with patch("app.api.routes.users.send_email") as send_email:
        data = {"email": random_email(), "password": random_lower_string()}
        r = client.post(f"{USERS}/", headers=superuser_token_headers, json=data)
    assert r.status_code == 200
    send_email.assert_not_called()


def test_get_existing_user(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user, _ = create_random_user(db)
    r = client.get(f"{USERS}/{user.id}", headers=superuser_token_headers)
    assert r.status_code == 200
    assert r.json()["email"] == user.email


def test_get_existing_user_current_user(client: TestClient, db: Session) -> None:
    user, password = create_random_user(db)
    headers = user_authentication_headers(client=client, email=user.email, password=password)
    r = client.get(f"{USERS}/{user.id}", headers=headers)
    assert r.status_code == 200
    assert r.json()["email"] == user.email


def test_get_existing_user_permissions_error(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    user, _ = create_random_user(db)
    r = client.get(f"{USERS}/{user.id}", headers=normal_user_token_headers)
    assert r.status_code == 403
    assert r.json() == {"detail": "The user doesn't have enough privileges"}


def test_get_non_existing_user_as_superuser(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.get(f"{USERS}/{uuid.uuid4()}", headers=superuser_token_headers)
    assert r.status_code == 404


def test_create_user_existing_username(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user, password = create_random_user(db)
    data = {"email": user.email, "password": password}
    r = client.post(f"{USERS}/", headers=superuser_token_headers, json=data)
    assert r.status_code == 400
    assert "already exists" in r.json()["detail"]


def test_create_user_by_normal_user(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    data = {"email": random_email(), "password": random_lower_string()}
    r = client.post(f"{USERS}/", headers=normal_user_token_headers, json=data)
    assert r.status_code == 403


def test_retrieve_users(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    create_random_user(db)
    create_random_user(db)
    _, expected = crud.list_users(session=db)
    r = client.get(f"{USERS}/", headers=superuser_token_headers)
    all_users = r.json()
    assert all_users["count"] == expected >= 2
    assert len(all_users["data"]) == min(expected, 100)
    assert all("email" in item and "hashed_password" not in item for item in all_users["data"])


def test_retrieve_users_pagination(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    for _ in range(3):
        create_random_user(db)
    r = client.get(f"{USERS}/?skip=1&limit=2", headers=superuser_token_headers)
    body = r.json()
    assert len(body["data"]) == 2
    assert body["count"] >= 4


def test_update_user_me(client: TestClient, db: Session) -> None:
    user, password = create_random_user(db)
    headers = user_authentication_headers(client=client, email=user.email, password=password)
    new_email = random_email()
    r = client.patch(
        f"{USERS}/me", headers=headers, json={"full_name": "Updated Name", "email": new_email}
    )
    assert r.status_code == 200
    assert r.json()["email"] == new_email
    assert r.json()["full_name"] == "Updated Name"
    db.expire_all()
    assert crud.get_user_by_email(session=db, email=new_email) is not None


def test_update_user_me_email_exists(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    user, _ = create_random_user(db)
    r = client.patch(f"{USERS}/me", headers=normal_user_token_headers, json={"email": user.email})
    assert r.status_code == 409


def test_update_password_me(client: TestClient, db: Session) -> None:
    user, password = create_random_user(db)
    headers = user_authentication_headers(client=client, email=user.email, password=password)
    new_password = random_lower_string()
    data = {"current_password": password, "new_password": new_password}
    r = client.patch(f"{USERS}/me/password", headers=headers, json=data)
    assert r.status_code == 200
    assert r.json()["message"] == "Password updated successfully"
    db.expire_all()
    db_user = crud.get_user(session=db, user_id=user.id)
    assert db_user is not None
    assert verify_password(new_password, db_user.hashed_password)


def test_update_password_me_incorrect_password(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    data = {"current_password": random_lower_string(), "new_password": random_lower_string()}
    r = client.patch(f"{USERS}/me/password", headers=normal_user_token_headers, json=data)
    assert r.status_code == 400
    assert r.json()["detail"] == "Incorrect password"


def test_update_password_me_same_password_error(client: TestClient, db: Session) -> None:
    user, password = create_random_user(db)
    headers = user_authentication_headers(client=client, email=user.email, password=password)
    data = {"current_password": password, "new_password": password}
    r = client.patch(f"{USERS}/me/password", headers=headers, json=data)
    assert r.status_code == 400
    assert r.json()["detail"] == "New password cannot be the same as the current one"


def test_register_user(client: TestClient, db: Session) -> None:
    email, password = random_email(), random_lower_string()
    data = {"email": email, "password": password, "full_name": "New User"}
    r = client.post(f"{USERS}/signup", json=data)
    assert r.status_code == 200
    assert r.json()["email"] == email
    user = crud.get_user_by_email(session=db, email=email)
    assert user is not None
    assert user.full_name == "New User"
    assert verify_password(password, user.hashed_password)


def test_register_user_already_exists_error(client: TestClient) -> None:
    data = {"email": settings.FIRST_SUPERUSER, "password": random_lower_string()}
    r = client.post(f"{USERS}/signup", json=data)
    assert r.status_code == 400


def test_register_user_when_registration_closed(client: TestClient) -> None:
    with patch.object(settings, "USERS_OPEN_REGISTRATION", False):
        data = {"email": random_email(), "password": random_lower_string()}
        r = client.post(f"{USERS}/signup", json=data)
    assert r.status_code == 403


def test_update_user(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user, _ = create_random_user(db)
    r = client.patch(
        f"{USERS}/{user.id}", headers=superuser_token_headers, json={"full_name": "Updated"}
    )
    assert r.status_code == 200
    assert r.json()["full_name"] == "Updated"


def test_update_user_not_exists(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.patch(
        f"{USERS}/{uuid.uuid4()}", headers=superuser_token_headers, json={"full_name": "X"}
    )
    assert r.status_code == 404


def test_update_user_email_exists(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user, _ = create_random_user(db)
    other, _ = create_random_user(db)
    r = client.patch(
        f"{USERS}/{user.id}", headers=superuser_token_headers, json={"email": other.email}
    )
    assert r.status_code == 409


def test_delete_user_me(client: TestClient, db: Session) -> None:
    user, password = create_random_user(db)
    user_id = user.id
    headers = user_authentication_headers(client=client, email=user.email, password=password)
    r = client.delete(f"{USERS}/me", headers=headers)
    assert r.status_code == 200
    db.expire_all()
    assert db.get(User, user_id) is None


def test_delete_user_me_as_superuser(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.delete(f"{USERS}/me", headers=superuser_token_headers)
    assert r.status_code == 403


def test_delete_user_super_user(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    user, _ = create_random_user(db)
    user_id = user.id
    r = client.delete(f"{USERS}/{user_id}", headers=superuser_token_headers)
    assert r.status_code == 200
    db.expire_all()
    assert db.get(User, user_id) is None


def test_delete_user_deletes_its_items(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    owner_id, item_id = item.owner_id, item.id
    r = client.delete(f"{USERS}/{owner_id}", headers=superuser_token_headers)
    assert r.status_code == 200
    db.expire_all()
    assert crud.get_item(session=db, item_id=item_id) is None


def test_delete_user_not_found(client: TestClient, superuser_token_headers: dict[str, str]) -> None:
    r = client.delete(f"{USERS}/{uuid.uuid4()}", headers=superuser_token_headers)
    assert r.status_code == 404


def test_delete_user_current_super_user_error(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    superuser = crud.get_user_by_email(session=db, email=settings.FIRST_SUPERUSER)
    assert superuser is not None
    r = client.delete(f"{USERS}/{superuser.id}", headers=superuser_token_headers)
    assert r.status_code == 403


def test_delete_user_without_privileges(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    user, _ = create_random_user(db)
    r = client.delete(f"{USERS}/{user.id}", headers=normal_user_token_headers)
    assert r.status_code == 403


def test_inactive_user_token_is_refused(client: TestClient, db: Session) -> None:
    user, password = create_random_user(db)
    headers = user_authentication_headers(client=client, email=user.email, password=password)
    user.is_active = False
    db.add(user)
    db.commit()
    r = client.get(f"{USERS}/me", headers=headers)
    assert r.status_code == 400
    assert r.json()["detail"] == "Inactive user"


def test_superuser_created_by_crud_can_log_in(client: TestClient, db: Session) -> None:
    email, password = random_email(), random_lower_string()
    crud.create_user(
        session=db, user_create=UserCreate(email=email, password=password, is_superuser=True)
    )
    headers = user_authentication_headers(client=client, email=email, password=password)
    r = client.get(f"{USERS}/", headers=headers)
    assert r.status_code == 200
