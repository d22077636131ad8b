from __future__ import annotations

from datetime import timedelta

import jwt

from app.core import security
from app.core.config import settings


def test_password_hash_verifies() -> None:
    hashed = security.get_password_hash("correct horse")
    assert hashed != "correct horse"
    assert security.verify_password("correct horse", hashed)
    assert not security.verify_password("wrong horse", hashed)


def test_verify_password_against_a_broken_hash() -> None:
    assert security.verify_password("anything", "not-a-bcrypt-hash") is False


def test_access_token_carries_the_subject() -> None:
    token = security.create_access_token("user-42", expires_delta=timedelta(minutes=5))
    payload = jwt.decode(token, settings.SECRET_KEY, algorithms=[security.ALGORITHM])
    assert payload["sub"] == "user-42"
    assert "exp" in payload


def test_expired_access_token_is_refused(client, superuser_token_headers) -> None:  # type: ignore[no-untyped-def]
    token = security.create_access_token("x", expires_delta=timedelta(minutes=-1))
    r = client.get(f"{settings.API_V1_STR}/users/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403
