"""Repo-wide test settings: factory-built apps are deterministic and fast (TRADING_API.md 8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

ANCHOR_DATE = dt.date(2025, 1, 15)


@pytest.fixture
def app_factory_kwargs() -> dict[str, Any]:
    """Seed 42, anchor 2025-01-15, immediate fills and fast ticks; the environment is ignored."""
    from trading_api.shared.settings import Settings

    settings = Settings.from_env(
        env={}, seed=42, anchor_date=ANCHOR_DATE, fill_delay=0.0, tick_interval=0.01, stream_interval=0.01
    )
    return {"settings": settings}
