"""Health check and root document."""

import pytest
from fastapi.testclient import TestClient
from httpx import ASGITransport, AsyncClient

from trading_api.main import apiApp


@pytest.mark.asyncio
async def test_health_returns_ok():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["message"] == "Trading API is running"
    assert body["api_version"] == "v1"


@pytest.mark.asyncio
async def test_health_timestamp_is_utc():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.get("/api/v1/health")
    timestamp = response.json()["timestamp"]
    assert timestamp.endswith("Z")
    assert "+00:00" not in timestamp


@pytest.mark.asyncio
async def test_health_version_info():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.get("/api/v1/health")
    assert response.json()["version_info"] == {
        "version": "v1",
        "release_date": "2025-10-04",
        "status": "stable",
        "deprecation_notice": None,
    }


def test_root_document():
    client = TestClient(apiApp)
    body = client.get("/").json()
    assert body["name"] == "Trading API"
    assert body["version"] == "1.0.0"
    assert body["documentation"] == "/api/v1/docs"
    assert body["datafeed"] == "/api/v1/datafeed"
    assert "broker" not in body


def test_root_lists_websocket_routes():
    client = TestClient(apiApp)
    websockets = client.get("/").json()["websockets"]
    assert list(websockets) == ["bars", "quotes", "orders", "positions", "executions", "equity", "broker-connection"]
    assert websockets["bars"]["operations"] == ["bars.subscribe", "bars.unsubscribe", "bars.update"]
    assert websockets["equity"]["endpoint"] == "/api/v1/ws"


def test_docs_live_under_api_v1():
    client = TestClient(apiApp)
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/redoc").status_code == 200
    assert client.get("/docs").status_code == 404


def test_cors_allows_any_origin():
    client = TestClient(apiApp)
    response = client.get("/api/v1/health", headers={"Origin": "http://example.com"})
    assert response.headers["access-control-allow-origin"] in ("*", "http://example.com")


def test_every_route_declares_a_response_model():
    doc = apiApp.openapi()
    operations = {
        f"{method.upper()} {path}": op for path, item in doc["paths"].items() for method, op in item.items()
    }
    assert len(operations) == 23
    untyped = [name for name, op in operations.items() if not op["responses"]["200"]["content"]["application/json"]["schema"]]
    assert untyped == []


def test_health_reports_the_current_version_table():
    from trading_api.api.versions import version_info
    from trading_api.models import APIVersion

    client = TestClient(apiApp)
    current = version_info(APIVersion.V1)
    assert client.get("/api/v1/health").json()["version_info"]["release_date"] == current.release_date
