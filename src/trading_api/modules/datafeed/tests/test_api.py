"""Datafeed REST routes through httpx + ASGITransport on a datafeed-only app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest


@pytest.fixture
async def http(datafeed_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=datafeed_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


BARS = "/api/v1/datafeed/bars"


async def test_daily_bars(http: httpx.AsyncClient) -> None:
    response = await http.get(BARS, params={"symbol": "AAPL", "resolution": "1D", "from_time": 0, "to_time": 10**13})
    assert response.status_code == 200
    bars = response.json()["bars"]
    assert len(bars) == 401
    assert bars[0] == {
        "time": 1702339200000, "open": 100.0, "high": 100.87, "low": 99.12, "close": 99.46, "volume": 1148003,
    }
    assert (bars[-1]["time"], bars[-1]["close"]) == (1736899200000, 99.36)


async def test_other_resolutions_and_errors(http: httpx.AsyncClient) -> None:
    weekly = (await http.get(BARS, params={"symbol": "AAPL", "resolution": "1W", "from_time": 0, "to_time": 10**13})).json()
    assert len(weekly["bars"]) == 58 and weekly["bars"][0]["time"] == 1702252800000
    five = (await http.get(BARS, params={"symbol": "AAPL", "resolution": "5", "from_time": 0, "to_time": 10**13})).json()
    assert len(five["bars"]) == 390 and (five["bars"][0]["time"], five["bars"][0]["open"]) == (1736605800000, 100.46)
    bad = await http.get(BARS, params={"symbol": "AAPL", "resolution": "1", "from_time": 0, "to_time": 1})
    assert bad.status_code == 400
    assert bad.json() == {"detail": "Unsupported resolution '1'. Supported resolutions: 5, 1D, 1W"}
    missing = await http.get(BARS, params={"symbol": "AAPL", "resolution": "1D"})
    assert missing.status_code == 422
    unknown = await http.get(BARS, params={"symbol": "NOPE", "resolution": "1D", "from_time": 0, "to_time": 10**13})
    assert unknown.json() == {"bars": [], "no_data": True}


async def test_bar_ranges(http: httpx.AsyncClient) -> None:
    first = 1702339200000
    in_seconds = await http.get(
        BARS, params={"symbol": "AAPL", "resolution": "1D", "from_time": first // 1000, "to_time": first // 1000 + 10 * 86400}
    )
    assert in_seconds.json()["no_data"] is True
    ten_days = await http.get(
        BARS, params={"symbol": "AAPL", "resolution": "1D", "from_time": first, "to_time": first + 10 * 86_400_000}
    )
    assert len(ten_days.json()["bars"]) == 11
    last2 = await http.get(
        BARS, params={"symbol": "AAPL", "resolution": "1D", "from_time": 0, "to_time": 10**13, "count_back": 2}
    )
    assert [b["time"] for b in last2.json()["bars"]] == [1736812800000, 1736899200000]


async def test_quotes(http: httpx.AsyncClient) -> None:
    response = await http.post("/api/v1/datafeed/quotes", json={"symbols": ["AAPL", "NOPE"]})
    aapl, nope = response.json()
    values = aapl["v"]
    assert {k: values[k] for k in ("lp", "bid", "ask", "spread", "ch", "chp")} == {
        "lp": 99.38, "bid": 99.33, "ask": 99.43, "spread": 0.1, "ch": 0.57, "chp": 0.58,
    }
    assert nope == {"s": "error", "n": "NOPE", "v": {"error": "Symbol not found"}}
    assert (await http.post("/api/v1/datafeed/quotes", json={})).status_code == 422


async def test_search_resolve_config_health(http: httpx.AsyncClient) -> None:
    search = (await http.get("/api/v1/datafeed/search", params={"user_input": "alpha"})).json()
    assert search == [
        {"symbol": "GOOGL", "description": "Alphabet Inc. Class A", "exchange": "NASDAQ", "ticker": "GOOGL", "type": "stock"}
    ]
    assert (await http.get("/api/v1/datafeed/search")).status_code == 422
    resolved = (await http.get("/api/v1/datafeed/resolve/aapl")).json()
    assert (resolved["name"], resolved["session"], resolved["data_status"]) == ("AAPL", "0930-1600", "streaming")
    missing = await http.get("/api/v1/datafeed/resolve/NOPE")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Symbol not found"})
    config = (await http.get("/api/v1/datafeed/config")).json()
    assert config["symbols_types"][1] == {"name": "Stock", "value": "stock"}
    health = (await http.get("/api/v1/datafeed/health")).json()
    assert health["message"] == "Datafeed service is running" and health["timestamp"].endswith("Z")


async def test_unexpected_errors_become_500_with_the_action(datafeed_app: Any) -> None:
    service = datafeed_app.state.modules["datafeed"].service

    def explode(*args: object) -> None:
        raise RuntimeError("disk on fire")

    service.get_bars = explode  # the route calls through the instance attribute
    transport = httpx.ASGITransport(app=datafeed_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get(BARS, params={"symbol": "AAPL", "resolution": "1D", "from_time": 0, "to_time": 1})
    assert (response.status_code, response.json()) == (500, {"detail": "Error getting bars: disk on fire"})


async def test_broker_routes_are_absent(http: httpx.AsyncClient) -> None:
    assert (await http.get("/api/v1/broker/orders")).status_code == 404
