"""Root info document, docs URLs and health agreement (TRADING_API.md 2.2, 2.3, 8)."""

from __future__ import annotations

from typing import Any

ROUTES = ["bars", "quotes", "orders", "positions", "executions", "equity", "broker-connection"]


def test_root_document(client: Any) -> None:
    body = client.get("/").json()
    assert {k: v for k, v in body.items() if k != "websockets"} == {
        "name": "Trading API",
        "version": "1.0.0",
        "current_api_version": "v1",
        "documentation": "/api/v1/docs",
        "health": "/api/v1/health",
        "versions": "/api/v1/versions",
        "datafeed": "/api/v1/datafeed",
    }
    assert list(body["websockets"]) == ROUTES
    assert body["websockets"]["broker-connection"] == {
        "endpoint": "/api/v1/ws",
        "docs": "/api/v1/ws/asyncapi",
        "spec": "/api/v1/ws/asyncapi.json",
        "operations": ["broker-connection.subscribe", "broker-connection.unsubscribe", "broker-connection.update"],
        "note": "WebSocket endpoints use AsyncAPI spec, not OpenAPI/Swagger",
    }


def test_docs_live_under_api_v1(client: Any) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/redoc").status_code == 200
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Trading API"


def test_versions_agree(client: Any) -> None:
    assert client.get("/").json()["current_api_version"] == "v1"
    assert client.get("/api/v1/versions").json()["current_version"] == "v1"
    assert client.get("/api/v1/version").json()["version"] == "v1"
    health = client.get("/api/v1/health").json()
    assert health["api_version"] == "v1" and health["timestamp"].endswith("Z")
    assert client.get("/api/v1/datafeed/health").json()["timestamp"].endswith("Z")


def test_cors_allows_any_origin_with_credentials(client: Any) -> None:
    response = client.options(
        "/api/v1/health",
        headers={"Origin": "http://example.test", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://example.test"
    assert response.headers["access-control-allow-credentials"] == "true"


def test_models_wildcard_import() -> None:
    namespace: dict[str, Any] = {}
    exec("from trading_api.models import *", namespace)
    import trading_api.models as models

    assert set(models.__all__) <= set(namespace) and len(models.__all__) == 47
