"""Repo-wide test settings: factory-built apps are deterministic and fast (TRADING_API.md 8); the
longest test files are collected first, so that `make test` (`-n auto --dist loadfile
--no-loadscope-reorder`) starts them at once instead of leaving one of them for the end."""

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


def _file_weight(items: list[pytest.Item]) -> tuple[float, int]:
    """(the expected seconds of a file's `slow(seconds=N)` marks, its number of tests)."""
    seconds = [float(m.kwargs.get("seconds", 10)) for item in items for m in item.iter_markers("slow")]
    return max(seconds, default=0.0), len(items)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order whole files by weight, heaviest first; the order inside a file is kept.

    Without marks this is pytest-xdist's own `--loadscope-reorder` (files with more tests first);
    a `slow(seconds=N)` mark puts a file that runs long with few tests (a whole demo) before them.
    """
    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    ordered = sorted(files.values(), key=lambda group: tuple(-w for w in _file_weight(group)))
    items[:] = [item for group in ordered for item in group]
