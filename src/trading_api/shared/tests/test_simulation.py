"""The deterministic series are pure functions of seed, symbol and anchor date."""

from __future__ import annotations

import datetime as dt

from trading_api.shared.simulation import base_price, build_series, daily_bars, is_datafeed_symbol

ANCHOR = dt.date(2025, 1, 15)


def test_series_shapes() -> None:
    series = build_series(42, "GOOGL", ANCHOR)
    assert [len(series[r]) for r in ("5", "1D", "1W")] == [390, 401, 58]
    assert series["1D"][-1].time == 1736899200000
    for bars in series.values():
        assert all(b.low <= min(b.open, b.close) and b.high >= max(b.open, b.close) for b in bars)
        assert all(b.low >= 0.01 for b in bars)


def test_weekly_aggregates_daily() -> None:
    series = build_series(42, "AAPL", ANCHOR)
    first_week = [b for b in series["1D"] if b.time < series["1W"][1].time]
    week = series["1W"][0]
    assert (week.open, week.close) == (first_week[0].open, first_week[-1].close)
    assert week.volume == sum(b.volume for b in first_week)


def test_purity_and_base_price() -> None:
    assert daily_bars(42, "AAPL", ANCHOR) == daily_bars(42, "AAPL", ANCHOR)
    assert daily_bars(43, "AAPL", ANCHOR) != daily_bars(42, "AAPL", ANCHOR)
    assert base_price(42, "AAPL", ANCHOR) == 99.36
    assert is_datafeed_symbol("MSFT") and not is_datafeed_symbol("msft")
