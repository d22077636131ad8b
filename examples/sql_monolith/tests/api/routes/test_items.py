from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import crud
from app.core.config import settings
from tests.utils.item import create_random_item
from tests.utils.user import create_random_user, user_authentication_headers

ITEMS = f"{settings.API_V1_STR}/items"


def test_create_item(client: TestClient, superuser_token_headers: dict[str, str]) -> None:
    data = {"title": "Foo", "description": "Fighters"}
    r = client.post(f"{ITEMS}/", headers=superuser_token_headers, json=data)
    assert r.status_code == 200
    content = r.json()
    assert content["title"] == data["title"]
    assert content["description"] == data["description"]
    assert "id" in content and "owner_id" in content


def test_create_item_requires_a_title(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.post(f"{ITEMS}/", headers=superuser_token_headers, json={"title": ""})
    assert r.status_code == 422


def test_read_item(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    r = client.get(f"{ITEMS}/{item.id}", headers=superuser_token_headers)
    assert r.status_code == 200
    content = r.json()
    assert content["title"] == item.title
    assert content["id"] == str(item.id)
    assert content["owner_id"] == str(item.owner_id)


def test_read_item_not_found(client: TestClient, superuser_token_headers: dict[str, str]) -> None:
    r = client.get(f"{ITEMS}/{uuid.uuid4()}", headers=superuser_token_headers)
    assert r.status_code == 404
    assert r.json()["detail"] == "Item not found"


def test_read_item_not_enough_permissions(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    r = client.get(f"{ITEMS}/{item.id}", headers=normal_user_token_headers)
    assert r.status_code == 400
    assert r.json()["detail"] == "Not enough permissions"


def test_read_items_superuser_sees_all(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    create_random_item(db)
    create_random_item(db)
    _, expected = crud.list_items(session=db)
    r = client.get(f"{ITEMS}/", headers=superuser_token_headers)
    assert r.status_code == 200
    assert r.json()["count"] == expected >= 2


def test_read_items_normal_user_sees_own(client: TestClient, db: Session) -> None:
    owner, password = create_random_user(db)
    mine = create_random_item(db, owner_id=owner.id)
    create_random_item(db)
    headers = user_authentication_headers(client=client, email=owner.email, password=password)
    r = client.get(f"{ITEMS}/", headers=headers)
    body = r.json()
    assert body["count"] == 1
    assert [i["id"] for i in body["data"]] == [str(mine.id)]


def test_update_item(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    data = {"title": "Updated title", "description": "Updated description"}
    r = client.put(f"{ITEMS}/{item.id}", headers=superuser_token_headers, json=data)
    assert r.status_code == 200
    assert r.json()["title"] == data["title"]
    assert r.json()["description"] == data["description"]


def test_update_item_by_owner(client: TestClient, db: Session) -> None:
    owner, password = create_random_user(db)
    item = create_random_item(db, owner_id=owner.id)
    headers = user_authentication_headers(client=client, email=owner.email, password=password)
    r = client.put(f"{ITEMS}/{item.id}", headers=headers, json={"description": "mine"})
    assert r.status_code == 200
    assert r.json()["title"] == item.title
    assert r.json()["description"] == "mine"


def test_update_item_not_found(client: TestClient, superuser_token_headers: dict[str, str]) -> None:
    r = client.put(f"{ITEMS}/{uuid.uuid4()}", headers=superuser_token_headers, json={"title": "x"})
    assert r.status_code == 404


def test_update_item_not_enough_permissions(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    r = client.put(f"{ITEMS}/{item.id}", headers=normal_user_token_headers, json={"title": "x"})
    assert r.status_code == 400


def test_delete_item(
    client: TestClient, superuser_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    item_id = item.id
    r = client.delete(f"{ITEMS}/{item_id}", headers=superuser_token_headers)
    assert r.status_code == 200
    assert r.json()["message"] == "Item deleted successfully"
    db.expire_all()
    assert crud.get_item(session=db, item_id=item_id) is None


def test_delete_item_not_found(client: TestClient, superuser_token_headers: dict[str, str]) -> None:
    r = client.delete(f"{ITEMS}/{uuid.uuid4()}", headers=superuser_token_headers)
    assert r.status_code == 404


def test_delete_item_not_enough_permissions(
    client: TestClient, normal_user_token_headers: dict[str, str], db: Session
) -> None:
    item = create_random_item(db)
    r = client.delete(f"{ITEMS}/{item.id}", headers=normal_user_token_headers)
    assert r.status_code == 400
