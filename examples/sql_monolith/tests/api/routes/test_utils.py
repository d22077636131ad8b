from __future__ import annotations

from unittest.mock import patch

from fastapi.testclient import TestClient

from app.core.config import settings

# Patch targets kept in one place, as dotted paths.
SEND_EMAIL = "app.api.routes.utils.send_email"
TEST_EMAIL_URL = f"{settings.API_V1_STR}/utils/test-email/"


def test_health_check(client: TestClient) -> None:
    r = client.get(f"{settings.API_V1_STR}/utils/health-check/")
    assert r.status_code == 200
    assert r.json() is True


def test_test_email(client: TestClient, superuser_token_headers: dict[str, str]) -> None:
    with patch(SEND_EMAIL) as send_email:
        r = client.post(
            TEST_EMAIL_URL, headers=superuser_token_headers, params={"email_to": "to@example.com"}
        )
    assert r.status_code == 201
    assert r.json() == {"message": "Test email sent"}
    kwargs = send_email.call_args.kwargs
    assert kwargs["email_to"] == "to@example.com"
    assert settings.PROJECT_NAME in kwargs["subject"]


def test_test_email_needs_superuser(
    client: TestClient, normal_user_token_headers: dict[str, str]
) -> None:
    with patch(SEND_EMAIL) as send_email:
        r = client.post(
            TEST_EMAIL_URL, headers=normal_user_token_headers, params={"email_to": "to@example.com"}
        )
    assert r.status_code == 403
    send_email.assert_not_called()


def test_test_email_rejects_a_bad_address(
    client: TestClient, superuser_token_headers: dict[str, str]
) -> None:
    r = client.post(TEST_EMAIL_URL, headers=superuser_token_headers, params={"email_to": "nope"})
    assert r.status_code == 422
