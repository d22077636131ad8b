from __future__ import annotations

from unittest.mock import patch

import pytest

from app import utils
from app.core.config import settings


def test_templates_live_beside_the_module() -> None:
    names = sorted(p.name for p in utils.TEMPLATES_DIR.glob("*.html"))
    assert names == ["new_account.html", "reset_password.html", "test_email.html"]


def test_test_email_renders_its_template() -> None:
    email = utils.generate_test_email("someone@example.com")
    assert email.subject == f"{settings.PROJECT_NAME} - Test email"
    assert "Test email for: someone@example.com" in email.html_content


def test_reset_password_email_has_the_link() -> None:
    email = utils.generate_reset_password_email("a@example.com", "a@example.com", "tok123")
    assert f"{settings.FRONTEND_HOST}/reset-password?token=tok123" in email.html_content
    assert f"{settings.EMAIL_RESET_TOKEN_EXPIRE_HOURS} hours" in email.html_content


def test_new_account_email() -> None:
    email = utils.generate_new_account_email("b@example.com", "b@example.com", "s3cretpass")
    assert "b@example.com" in email.subject
    assert "Password: s3cretpass" in email.html_content


def test_send_email_refuses_without_smtp() -> None:
    with patch.object(settings, "SMTP_HOST", None), pytest.raises(RuntimeError, match="SMTP_HOST"):
        utils.send_email(email_to="c@example.com", subject="s", html_content="<p>x</p>")


def test_send_email_talks_smtp() -> None:
    with (
        patch("app.core.config.settings.SMTP_HOST", "smtp.example.com"),
        patch("app.core.config.settings.SMTP_USER", "mailer"),
        patch("app.core.config.settings.SMTP_PASSWORD", "pw"),
        patch("app.utils.smtplib.SMTP") as smtp_class,
    ):
        utils.send_email(email_to="d@example.com", subject="Hello", html_content="<p>hi</p>")
    smtp_class.assert_called_once_with("smtp.example.com", settings.SMTP_PORT)
    smtp = smtp_class.return_value.__enter__.return_value
    smtp.starttls.assert_called_once_with()
    smtp.login.assert_called_once_with("mailer", "pw")
    message = smtp.send_message.call_args.args[0]
    assert message["To"] == "d@example.com"
    assert message["Subject"] == "Hello"


def test_password_reset_token_round_trip() -> None:
    token = utils.generate_password_reset_token("e@example.com")
    assert utils.verify_password_reset_token(token) == "e@example.com"


def test_password_reset_token_rejects_garbage() -> None:
    assert utils.verify_password_reset_token("not.a.token") is None
