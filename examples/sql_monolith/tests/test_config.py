from __future__ import annotations

import sys

from app.core.config import Settings


def test_settings_is_one_object_per_process() -> None:
    # The module, looked up by name the way plugins and debuggers do.
    config_module = sys.modules["app.core.config"]
    from app.core.config import settings

    assert config_module.settings is settings


def test_settings_read_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ENVIRONMENT", "staging")
    monkeypatch.setenv("SMTP_HOST", "mail.example.com")
    fresh = Settings()  # type: ignore[call-arg]
    assert fresh.ENVIRONMENT == "staging"
    assert fresh.emails_enabled is True


def test_empty_values_fall_back_to_defaults(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SMTP_HOST", "")
    fresh = Settings()  # type: ignore[call-arg]
    assert fresh.SMTP_HOST is None
    assert fresh.emails_enabled is False
