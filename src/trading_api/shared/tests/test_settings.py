"""Settings from the environment and explicit overrides."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from trading_api.shared.settings import Settings, SettingsError


def test_defaults() -> None:
    settings = Settings.from_env(env={})
    assert (settings.seed, settings.stream_interval, settings.tick_interval, settings.fill_delay) == (
        42, 0.2, 0.2, 1.0,
    )
    assert settings.accounts == ("DEMO-ACCOUNT",) and settings.rest_account == "DEMO-ACCOUNT"
    assert (settings.heartbeat_interval, settings.max_connection_lifespan, settings.client_queue_size) == (
        30.0, 3600.0, 256,
    )
    assert settings.overflow_grace == 2.0
    assert settings.anchor_date == dt.datetime.now(dt.timezone.utc).date()


def test_environment_and_overrides() -> None:
    env = {
        "TRADING_API_SEED": "7",
        "TRADING_API_ANCHOR_DATE": "2025-01-15",
        "TRADING_API_STREAM_INTERVAL": "0.05",
        "TRADING_API_TICK_INTERVAL": "0.01",
        "TRADING_API_FILL_DELAY": "0",
        "TRADING_API_ACCOUNTS": " A , B ",
        "TRADING_API_WS_HEARTBEAT": "5",
        "TRADING_API_WS_MAX_LIFESPAN": "60",
        "TRADING_API_WS_QUEUE_SIZE": "8",
        "TRADING_API_WS_OVERFLOW_GRACE": "0.5",
    }
    settings = Settings.from_env(env=env, seed=9)
    assert settings == Settings(
        seed=9, anchor_date=dt.date(2025, 1, 15), stream_interval=0.05, tick_interval=0.01,
        fill_delay=0.0, accounts=("A", "B"), heartbeat_interval=5.0,
        max_connection_lifespan=60.0, client_queue_size=8, overflow_grace=0.5,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.seed = 1  # type: ignore[misc]


def test_bad_values_name_the_variable() -> None:
    with pytest.raises(SettingsError, match="TRADING_API_SEED='x' is not valid"):
        Settings.from_env(env={"TRADING_API_SEED": "x"})
    with pytest.raises(SettingsError, match="TRADING_API_ACCOUNTS=',' lists no account"):
        Settings.from_env(env={"TRADING_API_ACCOUNTS": " , "})
    with pytest.raises(SettingsError, match="Setting 'overflow_grace' \\(TRADING_API_WS_OVERFLOW_GRACE\\) is nan"):
        Settings.from_env(env={"TRADING_API_WS_OVERFLOW_GRACE": "nan"})
    with pytest.raises(SettingsError, match="Unknown setting\\(s\\) sed"):
        Settings.from_env(env={}, sed=1)
    assert Settings(anchor_date="2025-01-15").anchor_date == dt.date(2025, 1, 15)  # type: ignore[arg-type]
