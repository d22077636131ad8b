"""Deterministic simulated bar series: pure functions of seed, symbol and anchor date."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

DAY_MS = 86_400_000
DAILY_BARS = 401
INTRADAY_DAYS = 5
INTRADAY_BARS_PER_DAY = 78
INTRADAY_OPEN_OFFSET_MS = 52_200_000
INTRADAY_STEP_MS = 300_000
SUPPORTED_RESOLUTIONS = ("5", "1D", "1W")
MIN_PRICE = 0.01


@dataclass(frozen=True)
class SimBar:
    """One simulated OHLCV bar (time in Unix milliseconds, UTC)."""

    time: int
    open: float
    high: float
    low: float
    close: float
    volume: int


def _price(x: float) -> float:
    """Round to cents and floor at the minimum price."""
    return max(round(x, 2), MIN_PRICE)


def day_start_ms(day: dt.date) -> int:
    """Return 00:00 UTC of `day` in Unix milliseconds."""
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    return int(moment.timestamp()) * 1000


def daily_bars(seed: int, symbol: str, anchor_date: dt.date) -> tuple[SimBar, ...]:
    """Build the 401 daily bars ending on `anchor_date`, oldest first."""
    rng = random.Random(f"{seed}:{symbol}:1D")
    first_day = anchor_date - dt.timedelta(days=DAILY_BARS - 1)
    first_ms = day_start_ms(first_day)
    bars = []
    p = 100.0
    for i in range(DAILY_BARS):
        r1, r2, r3, r4, r5 = (rng.random() for _ in range(5))
        open_ = p
        close = open_ + (r1 - 0.5) * 2
        high = max(open_, close) + r2 * 2
        low = min(open_, close) - r3 * 2
        volume = int(r4 * 1_000_000) + 500_000
        bars.append(
            SimBar(first_ms + i * DAY_MS, _price(open_), _price(high), _price(low), _price(close), volume)
        )
        p = max(close + (r5 - 0.48) * 0.5, MIN_PRICE)
    return tuple(bars)


def weekly_bars(daily: tuple[SimBar, ...]) -> tuple[SimBar, ...]:
    """Aggregate daily bars by ISO week; each bar is timed at Monday 00:00 UTC."""
    groups: dict[int, list[SimBar]] = {}
    for bar in daily:
        day = dt.datetime.fromtimestamp(bar.time / 1000, tz=dt.timezone.utc).date()
        monday = day - dt.timedelta(days=day.weekday())
        groups.setdefault(day_start_ms(monday), []).append(bar)
    return tuple(
        SimBar(
            time=week_ms,
            open=bars[0].open,
            high=max(b.high for b in bars),
            low=min(b.low for b in bars),
            close=bars[-1].close,
            volume=sum(b.volume for b in bars),
        )
        for week_ms, bars in sorted(groups.items())
    )


def intraday_bars(seed: int, symbol: str, daily: tuple[SimBar, ...]) -> tuple[SimBar, ...]:
    """Build the 5-minute bars of the last five daily bars, oldest first."""
    rng = random.Random(f"{seed}:{symbol}:5")
    bars = []
    for day in daily[-INTRADAY_DAYS:]:
        p = day.open
        for k in range(INTRADAY_BARS_PER_DAY):
            r1, r2, r3, r4 = (rng.random() for _ in range(4))
            open_ = p
            close = open_ + (r1 - 0.5) * 0.4
            high = max(open_, close) + r2 * 0.2
            low = min(open_, close) - r3 * 0.2
            volume = int(r4 * 20_000) + 5_000
            time = day.time + INTRADAY_OPEN_OFFSET_MS + k * INTRADAY_STEP_MS
            bars.append(SimBar(time, _price(open_), _price(high), _price(low), _price(close), volume))
            p = close
    return tuple(bars)


def build_series(seed: int, symbol: str, anchor_date: dt.date) -> dict[str, tuple[SimBar, ...]]:
    """Return the three series of a symbol keyed by resolution."""
    daily = daily_bars(seed, symbol, anchor_date)
    return {"5": intraday_bars(seed, symbol, daily), "1D": daily, "1W": weekly_bars(daily)}


def base_price(seed: int, symbol: str, anchor_date: dt.date) -> float:
    """Return the close of the symbol's last daily bar (the broker's starting price)."""
    return daily_bars(seed, symbol, anchor_date)[-1].close


# The datafeed's symbols, in their fixed order: (name, description).
SYMBOLS: tuple[tuple[str, str], ...] = (
    ("AAPL", "Apple Inc."),
    ("GOOGL", "Alphabet Inc. Class A"),
    ("MSFT", "Microsoft Corporation"),
)


def is_datafeed_symbol(symbol: str) -> bool:
    """Tell whether `symbol` is exactly one of the datafeed's symbol names."""
    return any(name == symbol for name, _ in SYMBOLS)
