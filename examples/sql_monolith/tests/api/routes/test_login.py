from __future__ import annotations

from unittest.mock import patch

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import crud
from app.core.config import settings
from app.core.security import verify_password
from app.utils import generate_password_reset_token
from tests.utils.user import create_random_user, user_authentication_headers
from tests.utils.utils import random_email, random_lower_string

API = settings.API_V1_STR


def test_get_access_token(client: TestClient) -> None:
    login_data = {
        "username": settings.FIRST_SUPERUSER,
        "password": settings.FIRST_SUPERUSER_PASSWORD,
    }
    r = client.post(f"{API}/login/access-token", data=login_data)
    tokens = r.json()
    assert r.status_code == 200
    assert tokens["access_token"]
    assert tokens["token_type"] == "bearer"


def test_get_access_token_incorrect_password(client: TestClient) -> None:
    login_data = {"username": settings.FIRST_SUPERUSER, "password": "incorrect"}
    r = client.post(f"{API}/login/access-token", data=login_data)
    assert r.status_code == 400
    assert r.json()["detail"] == "Incorrect email or password"


def test_get_access_token_inactive_user(client: TestClient, db: Session) -> None:
    _, password = user = create_random_user(db, is_active=False)
    r = client.post(
        f"{API}/login/access-token", data={"username": user[0].email, "password": password}
    )
    assert r.status_code == 400
    assert r.json()["detail"] == "Inactive user"


def test_use_access_token(client: TestClient, superuser_token_headers: dict[str, str]) -> None:
    r = client.post(f"{API}/login/test-token", headers=superuser_token_headers)
    assert r.status_code == 200
    assert r.json()["email"] == settings.FIRST_SUPERUSER


class TestRecoverPassword:
    # Where the route looks the function up: the test patches it there.
    send_email_target = "app.api.routes.login.send_email"
    smtp_host_target = "app.core.config.settings.SMTP_HOST"

    def test_recover_password(
        self, client: TestClient, normal_user_token_headers: dict[str, str]
    ) -> None:
        with (
            patch(self.smtp_host_target, "smtp.example.com"),
            patch(self.send_email_target) as send_email,
        ):
            r = client.post(
                f"{API}/password-recovery/test-user@example.com",
                headers=normal_user_token_headers,
            )
        assert r.status_code == 200
        assert r.json() == {"message": "Password recovery email sent"}
        assert send_email.call_args.kwargs["email_to"] == "test-user@example.com"
        assert "reset-password?token=" in send_email.call_args.kwargs["html_content"]

    def test_recover_password_user_not_exists(
        self, client: TestClient, normal_user_token_headers: dict[str, str]
    ) -> None:
        with patch(self.send_email_target) as send_email:
            r = client.post(
                f"{API}/password-recovery/{random_email()}", headers=normal_user_token_headers
            )
        assert r.status_code == 404
        send_email.assert_not_called()


def test_reset_password(client: TestClient, db: Session) -> None:
    user, _ = create_random_user(db)
    new_password = random_lower_string()
    token = generate_password_reset_token(email=user.email)
    r = client.post(f"{API}/reset-password/", json={"new_password": new_password, "token": token})
    assert r.status_code == 200
    assert r.json() == {"message": "Password updated successfully"}
    db.expire_all()
    db_user = crud.get_user_by_email(session=db, email=user.email)
    assert db_user is not None
    assert verify_password(new_password, db_user.hashed_password)
    user_authentication_headers(client=client, email=user.email, password=new_password)


def test_reset_password_invalid_token(client: TestClient) -> None:
    data = {"new_password": "changethis", "token": "invalid"}
    r = client.post(f"{API}/reset-password/", json=data)
    assert r.status_code == 400
    assert r.json() == {"detail": "Invalid token"}


def test_reset_password_unknown_user(client: TestClient) -> None:
    token = generate_password_reset_token(email=random_email())
    r = client.post(f"{API}/reset-password/", json={"new_password": "changethis", "token": token})
    assert r.status_code == 404


def test_password_recovery_html_content(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.post(
        f"{API}/password-recovery-html-content/{settings.FIRST_SUPERUSER}",
        headers=superuser_token_headers,
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "Password Recovery" in r.text
    assert settings.FRONTEND_HOST in r.text


def test_password_recovery_html_content_needs_superuser(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    r = client.post(
        f"{API}/password-recovery-html-content/{settings.FIRST_SUPERUSER}",
        headers=normal_user_token_headers,
    )
    assert r.status_code == 403
