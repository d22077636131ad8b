"""Root document, health, versions and OpenAPI facts, over HTTP, for both apps."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

ROUTE_NAMES = ["bars", "quotes", "orders", "positions", "executions", "equity", "broker-connection"]

OPERATION_IDS = {
    "root__get", "getHealthStatus", "getAPIVersions", "getCurrentAPIVersion", "getConfig",
    "searchSymbols", "resolveSymbol", "getBars", "getQuotes", "datafeedHealthCheck", "placeOrder",
    "previewOrder", "modifyOrder", "cancelOrder", "getOrders", "getPositions", "getExecutions",
    "getAccountInfo", "closePosition", "editPositionBrackets", "leverageInfo", "setLeverage",
    "previewLeverage",
}  # fmt: skip

SCHEMA_NAMES = {
    "APIMetadata", "APIVersion", "AccountMetainfo", "Bar", "Body_editPositionBrackets", "Brackets",
    "CurrentQuotes", "DatafeedConfiguration", "DatafeedHealthResponse", "DatafeedSymbolType",
    "Exchange", "Execution", "GetBarsResponse", "GetQuotesRequest", "HTTPValidationError",
    "HealthResponse", "LeverageInfo", "LeveragePreviewResult", "LeverageSetParams",
    "LeverageSetResult", "OrderPreviewResult", "OrderPreviewSection", "OrderPreviewSectionRow",
    "OrderStatus", "OrderType", "PlaceOrderResult", "PlacedOrder", "Position", "PreOrder",
    "QuoteData", "QuoteValues", "SearchSymbolResultItem", "Side", "StopType", "SuccessResponse",
    "SymbolInfo", "ValidationError", "VersionInfo",
}  # fmt: skip

V1 = {
    "version": "v1",
    "release_date": "2025-10-04",
    "status": "stable",
    "breaking_changes": [],
    "deprecation_notice": None,
    "sunset_date": None,
}


def test_root_document(http):
    body = http.get("/").json()
    ws_entry = {
        "endpoint": "/api/v1/ws",
        "docs": "/api/v1/ws/asyncapi",
        "spec": "/api/v1/ws/asyncapi.json",
        "note": "WebSocket endpoints use AsyncAPI spec, not OpenAPI/Swagger",
    }
    assert body == {
        "name": "Trading API",
        "version": "1.0.0",
        "current_api_version": "v1",
        "documentation": "/api/v1/docs",
        "health": "/api/v1/health",
        "versions": "/api/v1/versions",
        "datafeed": "/api/v1/datafeed",
        "websockets": {
            name: {**ws_entry, "operations": [f"{name}.{op}" for op in ("subscribe", "unsubscribe", "update")]}
            for name in ROUTE_NAMES
        },
    }
    assert list(body["websockets"]) == ROUTE_NAMES


def test_health(http):
    body = http.get("/api/v1/health").json()
    assert body["timestamp"].endswith("Z")
    assert {k: v for k, v in body.items() if k != "timestamp"} == {
        "status": "ok",
        "message": "Trading API is running",
        "api_version": "v1",
        "version_info": {
            "version": "v1",
            "release_date": "2025-10-04",
            "status": "stable",
            "deprecation_notice": None,
        },
    }


def test_versions_agree_on_v1(http):
    versions = http.get("/api/v1/versions").json()
    assert versions["current_version"] == "v1"
    assert versions["documentation_url"] == "/api/v1/docs"
    assert versions["support_contact"] == "support@trading-api.example"
    assert versions["available_versions"] == [
        V1,
        {
            "version": "v2",
            "release_date": "TBD",
            "status": "planned",
            "breaking_changes": [
                "Authentication required for all endpoints",
                "New response format for error messages",
                "Renamed health endpoint to status",
            ],
            "deprecation_notice": None,
            "sunset_date": None,
        },
    ]
    assert http.get("/api/v1/version").json() == V1
    assert http.get("/").json()["current_api_version"] == "v1"


@pytest.mark.parametrize(
    ("path", "status"),
    [("/docs", 404), ("/redoc", 404), ("/api/v1/docs", 200), ("/api/v1/redoc", 200), ("/api/v1/ws/asyncapi", 200)],
)
def test_documentation_urls(http, path, status):
    assert http.get(path).status_code == status


def test_openapi_operations_and_schemas(http):
    doc = http.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Trading API"
    assert doc["info"]["version"] == "1.0.0"
    operations = [op for path in doc["paths"].values() for op in path.values()]
    assert {op["operationId"] for op in operations} == OPERATION_IDS
    assert len(operations) == 23
    assert set(doc["components"]["schemas"]) == SCHEMA_NAMES
    assert not any("debug" in path for path in doc["paths"])
    assert "/api/v1/ws/asyncapi.json" not in doc["paths"]
    bars = doc["paths"]["/api/v1/datafeed/bars"]["get"]
    assert bars["tags"] == ["v1", "datafeed"]
    assert "400" in bars["responses"]
    described = {p["name"]: p.get("description", "") for p in bars["parameters"]}
    assert "milliseconds" in described["from_time"] and "milliseconds" in described["to_time"]
    close = doc["paths"]["/api/v1/broker/positions/{position_id}"]["delete"]
    assert {"400", "404"} <= set(close["responses"])
    assert close["responses"]["404"]["description"] == "Not found"


def test_asyncapi_document_served(http):
    doc = http.get("/api/v1/ws/asyncapi.json").json()
    assert doc["asyncapi"] == "3.0.0"
    assert doc["info"]["title"] == "Trading WebSockets"
    assert len(doc["operations"]) == 21
    assert len(doc["components"]["messages"]) == 35
    assert doc == http.get("/api/v1/ws/asyncapi.json").json()


def test_starting_the_app_wrote_no_files(server, http):
    assert http.get("/api/v1/health").status_code == 200
    assert list(server.cwd.iterdir()) == []
