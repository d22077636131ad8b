"""Datafeed REST facts (TRADING_API.md 6.1 and 8), over HTTP, for both apps."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

FAR_FUTURE_MS = 4_000_000_000_000
FIRST_DAILY_MS = 1702339200000
DAY_MS = 86_400_000

SYMBOLS = [("AAPL", "Apple Inc."), ("GOOGL", "Alphabet Inc. Class A"), ("MSFT", "Microsoft Corporation")]


def bars(http, symbol="AAPL", resolution="1D", from_time=0, to_time=FAR_FUTURE_MS, **extra):
    params = {"symbol": symbol, "resolution": resolution, "from_time": from_time, "to_time": to_time, **extra}
    return http.get("/api/v1/datafeed/bars", params=params)


def symbol_info(name, description):
    return {
        "name": name,
        "description": description,
        "type": "stock",
        "session": "0930-1600",
        "timezone": "America/New_York",
        "ticker": name,
        "exchange": "NASDAQ",
        "listed_exchange": "NASDAQ",
        "format": "price",
        "pricescale": 100,
        "minmov": 1,
        "has_intraday": True,
        "has_daily": True,
        "supported_resolutions": ["5", "1D", "1W"],
        "volume_precision": 0,
        "data_status": "streaming",
    }


def test_daily_bars(http):
    body = bars(http).json()
    assert body["no_data"] is False
    assert len(body["bars"]) == 401
    assert body["bars"][0] == {
        "time": FIRST_DAILY_MS,
        "open": 100.0,
        "high": 100.87,
        "low": 99.12,
        "close": 99.46,
        "volume": 1148003,
    }
    assert body["bars"][-1]["time"] == 1736899200000
    assert body["bars"][-1]["close"] == 99.36
    times = [bar["time"] for bar in body["bars"]]
    assert times == sorted(times) and all(b - a == DAY_MS for a, b in zip(times, times[1:]))


def test_weekly_and_intraday_bars(http):
    weekly = bars(http, resolution="1W").json()["bars"]
    assert len(weekly) == 58
    assert weekly[0]["time"] == 1702252800000
    intraday = bars(http, resolution="5").json()["bars"]
    assert len(intraday) == 390
    assert intraday[0]["time"] == 1736605800000
    assert intraday[0]["open"] == 100.46


def test_unsupported_resolution_is_400(http):
    response = bars(http, resolution="1")
    assert response.status_code == 400
    assert response.json() == {"detail": "Unsupported resolution '1'. Supported resolutions: 5, 1D, 1W"}


def test_bar_queries(http):
    assert bars(http, from_time=FIRST_DAILY_MS // 1000, to_time=1736899200).json() == {"bars": [], "no_data": True}
    ten_days = bars(http, from_time=FIRST_DAILY_MS, to_time=FIRST_DAILY_MS + 10 * DAY_MS).json()["bars"]
    assert len(ten_days) == 11
    assert bars(http, symbol="NOPE").json() == {"bars": [], "no_data": True}
    everything = bars(http, symbol="MSFT").json()["bars"]
    assert bars(http, symbol="MSFT", count_back=5).json()["bars"] == everything[-5:]
    assert bars(http, symbol="GOOGL").json()["bars"] != everything


def test_missing_bars_parameter_is_422(http):
    response = http.get("/api/v1/datafeed/bars", params={"symbol": "AAPL", "resolution": "1D"})
    assert response.status_code == 422


def test_first_aapl_quote_and_unknown_symbol(fresh_server):
    # A server of this test's own: this is the app's first AAPL quote, whichever tests ran before
    # on the same worker (the session servers' quotes depend on the test order).
    with fresh_server.client() as http:
        body = http.post("/api/v1/datafeed/quotes", json={"symbols": ["AAPL", "NOPE"]}).json()
    assert len(body) == 2
    aapl, unknown = body
    assert aapl["s"] == "ok" and aapl["n"] == "AAPL"
    values = aapl["v"]
    assert (values["lp"], values["bid"], values["ask"], values["spread"]) == (99.38, 99.33, 99.43, 0.1)
    assert (values["ch"], values["chp"]) == (0.57, 0.58)
    assert values["short_name"] == values["original_name"] == "AAPL"
    assert values["exchange"] == "DEMO"
    assert values["description"] == "Demo quotes for AAPL"
    assert unknown == {"s": "error", "n": "NOPE", "v": {"error": "Symbol not found"}}


def test_configuration(http):
    assert http.get("/api/v1/datafeed/config").json() == {
        "supported_resolutions": ["5", "1D", "1W"],
        "supports_marks": False,
        "supports_timescale_marks": False,
        "supports_time": False,
        "exchanges": [
            {"value": "", "name": "All Exchanges", "desc": ""},
            {"value": "NASDAQ", "name": "NASDAQ", "desc": "NASDAQ"},
            {"value": "NYSE", "name": "NYSE", "desc": "NYSE"},
        ],
        "symbols_types": [
            {"name": "All types", "value": ""},
            {"name": "Stock", "value": "stock"},
            {"name": "Crypto", "value": "crypto"},
            {"name": "Forex", "value": "forex"},
        ],
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"user_input": "  "}, ["AAPL", "GOOGL", "MSFT"]),
        ({"user_input": "corp"}, ["MSFT"]),
        ({"user_input": "a", "max_results": 2}, ["AAPL", "GOOGL"]),
        ({"user_input": "", "exchange": "nasdaq", "symbol_type": "STOCK"}, ["AAPL", "GOOGL", "MSFT"]),
        ({"user_input": "", "exchange": "NYSE"}, []),
    ],
)
def test_search(http, params, expected):
    body = http.get("/api/v1/datafeed/search", params=params).json()
    assert [item["symbol"] for item in body] == expected
    described = dict(SYMBOLS)
    for item in body:
        assert item == {
            "symbol": item["symbol"],
            "description": described[item["symbol"]],
            "exchange": "NASDAQ",
            "ticker": item["symbol"],
            "type": "stock",
        }


def test_resolve(http):
    for name, description in SYMBOLS:
        assert http.get(f"/api/v1/datafeed/resolve/{name}").json() == symbol_info(name, description)
    assert http.get("/api/v1/datafeed/resolve/msft").json()["name"] == "MSFT"
    missing = http.get("/api/v1/datafeed/resolve/NOPE")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Symbol not found"})


def test_datafeed_health(http):
    body = http.get("/api/v1/datafeed/health").json()
    assert body["timestamp"].endswith("Z")
    assert {k: v for k, v in body.items() if k != "timestamp"} == {
        "status": "ok",
        "message": "Datafeed service is running",
        "symbols_loaded": 3,
        "bars_count": 401,
    }
