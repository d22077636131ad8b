"""DatafeedService without any web framework: the numbers of TRADING_API.md 6.1 and 8."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from trading_api.models import BarsSubscriptionRequest, QuoteDataSubscriptionRequest
from trading_api.modules.datafeed.service import DatafeedService
from trading_api.shared.errors import BadRequestError
from trading_api.shared.settings import Settings

ANCHOR = dt.date(2025, 1, 15)
FAR_PAST, FAR_FUTURE = 0, 10**13


def make(seed: int = 42) -> DatafeedService:
    return DatafeedService(Settings(seed=seed, anchor_date=ANCHOR))


def test_daily_bars_match_the_contract() -> None:
    bars = make().get_bars("AAPL", "1D", FAR_PAST, FAR_FUTURE).bars
    assert len(bars) == 401
    first, last = bars[0], bars[-1]
    assert (first.time, first.open, first.high, first.low, first.close, first.volume) == (
        1702339200000, 100.0, 100.87, 99.12, 99.46, 1148003,
    )
    assert (last.time, last.close) == (1736899200000, 99.36)
    assert all(b.time - a.time == 86_400_000 for a, b in zip(bars, bars[1:]))


def test_weekly_and_intraday_series() -> None:
    service = make()
    weekly = service.get_bars("AAPL", "1W", FAR_PAST, FAR_FUTURE).bars
    assert len(weekly) == 58 and weekly[0].time == 1702252800000
    intraday = service.get_bars("AAPL", "5", FAR_PAST, FAR_FUTURE).bars
    assert len(intraday) == 390
    assert (intraday[0].time, intraday[0].open) == (1736605800000, 100.46)
    assert intraday[1].time - intraday[0].time == 300_000


def test_unsupported_resolution_is_a_bad_request() -> None:
    with pytest.raises(BadRequestError) as info:
        make().get_bars("AAPL", "1", FAR_PAST, FAR_FUTURE)
    assert info.value.message == "Unsupported resolution '1'. Supported resolutions: 5, 1D, 1W"
    assert info.value.status_code == 400


def test_bar_queries() -> None:
    service = make()
    first = 1702339200000
    assert service.get_bars("AAPL", "1D", first // 1000, first // 1000 + 864_000).no_data
    ten_days = service.get_bars("AAPL", "1D", first, first + 10 * 86_400_000)
    assert len(ten_days.bars) == 11 and not ten_days.no_data
    assert service.get_bars("NOPE", "1D", FAR_PAST, FAR_FUTURE).model_dump() == {"bars": [], "no_data": True}
    last3 = service.get_bars("AAPL", "1D", FAR_PAST, FAR_FUTURE, count_back=3).bars
    assert [b.time for b in last3] == [1736726400000, 1736812800000, 1736899200000]


def test_series_depend_only_on_the_seed() -> None:
    same = [make().get_bars("MSFT", "5", FAR_PAST, FAR_FUTURE) for _ in range(2)]
    assert same[0] == same[1]
    assert make(7).get_bars("MSFT", "5", FAR_PAST, FAR_FUTURE) != same[0]


def test_first_quote_and_errors() -> None:
    service = make()
    aapl, unknown = service.get_quotes(["AAPL", "ZZZ"])
    v = aapl.v
    assert aapl.s == "ok" and aapl.n == "AAPL"
    assert (v.lp, v.bid, v.ask, v.spread, v.ch, v.chp) == (99.38, 99.33, 99.43, 0.1, 0.57, 0.58)
    assert (v.exchange, v.description, v.volume) == ("DEMO", "Demo quotes for AAPL", 1364484)
    assert unknown.model_dump() == {"s": "error", "n": "ZZZ", "v": {"error": "Symbol not found"}}


def test_quote_rng_advances_per_quote() -> None:
    service = make()
    first = service.get_quotes(["AAPL"])[0].v.lp
    second = make().get_quotes(["AAPL", "AAPL"])[1].v.lp
    assert service.get_quotes(["AAPL"])[0].v.lp == second
    assert first == 99.38


def test_search_resolve_config_health() -> None:
    service = make()
    assert [i.symbol for i in service.search_symbols("")] == ["AAPL", "GOOGL", "MSFT"]
    assert [i.symbol for i in service.search_symbols("  corp ")] == ["MSFT"]
    assert [i.symbol for i in service.search_symbols("a", max_results=1)] == ["AAPL"]
    assert service.search_symbols("", exchange="nyse") == []
    assert len(service.search_symbols("", exchange="nasdaq", symbol_type="STOCK")) == 3
    assert service.resolve_symbol("msft").name == "MSFT"
    assert service.resolve_symbol("MSFT ") is None
    config = service.get_config()
    assert config.supported_resolutions == ["5", "1D", "1W"]
    assert [e.value for e in config.exchanges] == ["", "NASDAQ", "NYSE"]
    health = service.get_health()
    assert (health.symbols_loaded, health.bars_count) == (3, 401)
    assert health.timestamp.endswith("Z")


def test_stream_steps() -> None:
    service = make()
    request = BarsSubscriptionRequest(symbol="AAPL", resolution="1D")
    assert service.bars_subscription_error(request) is None
    step = service.bars_stream(request, 'bars:{"resolution":"1D","symbol":"AAPL"}')
    (bar,) = step()
    assert bar.time == 1736899200000 and 96.96 <= bar.close <= 101.27
    assert service.bars_subscription_error(BarsSubscriptionRequest(symbol="X", resolution="1D")) == "Unknown symbol X"
    assert (
        service.bars_subscription_error(BarsSubscriptionRequest(symbol="AAPL", resolution="2"))
        == "Unsupported resolution 2"
    )
    quotes = QuoteDataSubscriptionRequest(symbols=["MSFT", "AAPL"], fast_symbols=["AAPL", "X"])
    assert [q.n for q in service.quotes_stream(quotes)()] == ["MSFT", "AAPL", "X"]
    empty = QuoteDataSubscriptionRequest(symbols=[], fast_symbols=[])
    assert service.quotes_subscription_error(empty) == "No symbols provided for quote subscription"


def test_service_module_imports_no_web_framework() -> None:
    import trading_api.modules.datafeed.service as module

    source = open(module.__file__, encoding="utf-8").read()
    assert "fastapi" not in source and "typed_ws" not in source and "modules.broker" not in source
    assert "trading_api.modules.datafeed.service" in sys.modules
