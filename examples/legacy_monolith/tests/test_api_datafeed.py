"""Datafeed REST endpoints."""

from unittest import mock

import pytest
from fastapi.testclient import TestClient
from httpx import ASGITransport, AsyncClient

import trading_api.core.datafeed_service as datafeed_service_module
from trading_api.main import apiApp

ALL_TIME = {"from_time": 0, "to_time": 4_000_000_000_000}


@pytest.mark.asyncio
async def test_config_lists_resolutions_and_exchanges():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.get("/api/v1/datafeed/config")
    body = response.json()
    assert body["supported_resolutions"] == ["5", "1D", "1W"]
    assert [e["value"] for e in body["exchanges"]] == ["", "NASDAQ", "NYSE"]
    assert [t["value"] for t in body["symbols_types"]] == ["", "stock", "crypto", "forex"]


@pytest.mark.asyncio
async def test_search_matches_description_case_insensitively():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.get("/api/v1/datafeed/search", params={"user_input": "  alphabet "})
    assert [item["symbol"] for item in response.json()] == ["GOOGL"]


@pytest.mark.asyncio
async def test_search_limits_results():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.get("/api/v1/datafeed/search", params={"user_input": "", "max_results": 2})
    assert [item["symbol"] for item in response.json()] == ["AAPL", "GOOGL"]


@pytest.mark.asyncio
async def test_search_requires_user_input():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.get("/api/v1/datafeed/search")
    assert response.status_code == 422


def test_resolve_known_symbol():
    client = TestClient(apiApp)
    body = client.get("/api/v1/datafeed/resolve/msft").json()
    assert body["name"] == "MSFT"
    assert body["description"] == "Microsoft Corporation"
    assert body["pricescale"] == 100


def test_resolve_unknown_symbol_is_404():
    client = TestClient(apiApp)
    response = client.get("/api/v1/datafeed/resolve/NOPE")
    assert response.status_code == 404
    assert response.json() == {"detail": "Symbol not found"}


def test_daily_bars_are_deterministic():
    client = TestClient(apiApp)
    bars = client.get("/api/v1/datafeed/bars", params={"symbol": "AAPL", "resolution": "1D", **ALL_TIME}).json()["bars"]
    assert len(bars) == 401
    assert bars[0] == {"time": 1702339200000, "open": 100.0, "high": 100.87, "low": 99.12, "close": 99.46, "volume": 1148003}
    assert (bars[-1]["time"], bars[-1]["close"]) == (1736899200000, 99.36)


def test_weekly_and_intraday_bars():
    client = TestClient(apiApp)
    weekly = client.get("/api/v1/datafeed/bars", params={"symbol": "AAPL", "resolution": "1W", **ALL_TIME}).json()
    intraday = client.get("/api/v1/datafeed/bars", params={"symbol": "AAPL", "resolution": "5", **ALL_TIME}).json()
    assert (len(weekly["bars"]), weekly["bars"][0]["time"]) == (58, 1702252800000)
    assert (len(intraday["bars"]), intraday["bars"][0]["time"], intraday["bars"][0]["open"]) == (390, 1736605800000, 100.46)


def test_bars_range_is_in_milliseconds():
    client = TestClient(apiApp)
    in_seconds = {"from_time": 1702339200, "to_time": 1736899200}
    assert client.get("/api/v1/datafeed/bars", params={"symbol": "AAPL", "resolution": "1D", **in_seconds}).json()["no_data"]
    ten_days = {"from_time": 1702339200000, "to_time": 1702339200000 + 10 * 86_400_000}
    bars = client.get("/api/v1/datafeed/bars", params={"symbol": "AAPL", "resolution": "1D", **ten_days}).json()["bars"]
    assert len(bars) == 11


def test_bars_count_back_keeps_the_last():
    client = TestClient(apiApp)
    params = {"symbol": "GOOGL", "resolution": "1D", **ALL_TIME}
    every = client.get("/api/v1/datafeed/bars", params=params).json()["bars"]
    assert client.get("/api/v1/datafeed/bars", params={**params, "count_back": 3}).json()["bars"] == every[-3:]


def test_unsupported_resolution_is_400():
    client = TestClient(apiApp)
    response = client.get("/api/v1/datafeed/bars", params={"symbol": "AAPL", "resolution": "1", **ALL_TIME})
    assert response.status_code == 400
    assert response.json() == {"detail": "Unsupported resolution '1'. Supported resolutions: 5, 1D, 1W"}


def test_unknown_symbol_has_no_data():
    client = TestClient(apiApp)
    body = client.get("/api/v1/datafeed/bars", params={"symbol": "NOPE", "resolution": "1D", **ALL_TIME}).json()
    assert body == {"bars": [], "no_data": True}


def test_unexpected_errors_become_500():
    client = TestClient(apiApp)
    with mock.patch(
        "trading_api.core.datafeed_service.DatafeedService.get_bars", side_effect=RuntimeError("disk on fire")
    ):
        response = client.get("/api/v1/datafeed/bars", params={"symbol": "AAPL", "resolution": "1D", **ALL_TIME})
    assert response.status_code == 500
    assert response.json() == {"detail": "Error getting bars: disk on fire"}


def test_quotes_for_known_and_unknown_symbols():
    client = TestClient(apiApp)
    msft, unknown = client.post("/api/v1/datafeed/quotes", json={"symbols": ["MSFT", "NOPE"]}).json()
    assert msft["s"] == "ok" and msft["n"] == "MSFT"
    values = msft["v"]
    assert values["bid"] < values["ask"]
    assert values["spread"] == round(values["ask"] - values["bid"], 2)
    assert values["description"] == "Demo quotes for MSFT"
    assert unknown == {"s": "error", "n": "NOPE", "v": {"error": "Symbol not found"}}


def test_datafeed_health():
    client = TestClient(apiApp)
    body = client.get("/api/v1/datafeed/health").json()
    assert (body["status"], body["symbols_loaded"], body["bars_count"]) == ("ok", 3, 401)
    assert body["timestamp"].endswith("Z")


def test_service_module_exposes_the_resolution_message():
    assert datafeed_service_module.unsupported_resolution_message("60") == (
        "Unsupported resolution '60'. Supported resolutions: 5, 1D, 1W"
    )
