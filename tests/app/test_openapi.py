"""The OpenAPI document matches TRADING_API.md 2, 3 and 8."""

from __future__ import annotations

from typing import Any

import pytest

OPERATION_IDS = {
    "root__get", "getHealthStatus", "getAPIVersions", "getCurrentAPIVersion", "getConfig", "searchSymbols",
    "resolveSymbol", "getBars", "getQuotes", "datafeedHealthCheck", "placeOrder", "previewOrder", "modifyOrder",
    "cancelOrder", "getOrders", "getPositions", "getExecutions", "getAccountInfo", "closePosition",
    "editPositionBrackets", "leverageInfo", "setLeverage", "previewLeverage",
}
SCHEMAS = {
    "APIMetadata", "APIVersion", "AccountMetainfo", "Bar", "Body_editPositionBrackets", "Brackets",
    "CurrentQuotes", "DatafeedConfiguration", "DatafeedHealthResponse", "DatafeedSymbolType", "Exchange",
    "Execution", "GetBarsResponse", "GetQuotesRequest", "HTTPValidationError", "HealthResponse", "LeverageInfo",
    "LeveragePreviewResult", "LeverageSetParams", "LeverageSetResult", "OrderPreviewResult", "OrderPreviewSection",
    "OrderPreviewSectionRow", "OrderStatus", "OrderType", "PlaceOrderResult", "PlacedOrder", "Position", "PreOrder",
    "QuoteData", "QuoteValues", "SearchSymbolResultItem", "Side", "StopType", "SuccessResponse", "SymbolInfo",
    "ValidationError", "VersionInfo",
}
# (method, path, operationId, summary, group, declared error codes)
OPERATIONS = [
    ("get", "/api/v1/health", "getHealthStatus", "Health Check", "health", set()),
    ("get", "/api/v1/versions", "getAPIVersions", "API Versions", "versioning", set()),
    ("get", "/api/v1/version", "getCurrentAPIVersion", "Current API Version", "versioning", set()),
    ("get", "/api/v1/datafeed/config", "getConfig", "Get datafeed configuration", "datafeed", set()),
    ("get", "/api/v1/datafeed/search", "searchSymbols", "Search symbols", "datafeed", {"422"}),
    ("get", "/api/v1/datafeed/resolve/{symbol}", "resolveSymbol", "Resolve symbol", "datafeed", {"404", "422"}),
    ("get", "/api/v1/datafeed/bars", "getBars", "Get historical bars", "datafeed", {"400", "422"}),
    ("post", "/api/v1/datafeed/quotes", "getQuotes", "Get quotes for symbols", "datafeed", {"422"}),
    ("get", "/api/v1/datafeed/health", "datafeedHealthCheck", "Datafeed health check", "datafeed", set()),
    ("post", "/api/v1/broker/orders", "placeOrder", "Place a new order", "broker", {"400", "422"}),
    ("post", "/api/v1/broker/orders/preview", "previewOrder", "Preview order costs and requirements", "broker", {"422"}),
    ("put", "/api/v1/broker/orders/{order_id}", "modifyOrder", "Modify an existing order", "broker", {"400", "422"}),
    ("delete", "/api/v1/broker/orders/{order_id}", "cancelOrder", "Cancel an order", "broker", {"400", "422"}),
    ("get", "/api/v1/broker/orders", "getOrders", "Get all orders", "broker", set()),
    ("get", "/api/v1/broker/positions", "getPositions", "Get all positions", "broker", set()),
    ("get", "/api/v1/broker/executions/{symbol}", "getExecutions", "Get executions for a symbol", "broker", {"422"}),
    ("get", "/api/v1/broker/account", "getAccountInfo", "Get account information", "broker", set()),
    ("delete", "/api/v1/broker/positions/{position_id}", "closePosition", "Close a position", "broker", {"400", "404", "422"}),
    ("put", "/api/v1/broker/positions/{position_id}/brackets", "editPositionBrackets", "Edit position brackets", "broker", {"404", "422"}),
    ("get", "/api/v1/broker/leverage/info", "leverageInfo", "Get leverage information", "broker", {"422"}),
    ("put", "/api/v1/broker/leverage/set", "setLeverage", "Set leverage", "broker", {"400", "422"}),
    ("post", "/api/v1/broker/leverage/preview", "previewLeverage", "Preview leverage changes", "broker", {"422"}),
]


@pytest.fixture
def doc(app: Any) -> dict[str, Any]:
    return app.openapi()


def test_metadata(doc: dict[str, Any]) -> None:
    assert (doc["info"]["title"], doc["info"]["version"]) == ("Trading API", "1.0.0")
    assert doc["info"]["description"].startswith("A comprehensive trading API server")
    assert [(t["name"], t["description"]) for t in doc["tags"]] == [
        ("health", "Health check operations"),
        ("versioning", "API version information"),
        ("datafeed", "Market data and symbols operations"),
        ("broker", "Broker operations (orders, positions, executions)"),
    ]


def test_operation_ids_and_schemas(doc: dict[str, Any]) -> None:
    ids = [op["operationId"] for path in doc["paths"].values() for op in path.values()]
    assert len(ids) == 23 and set(ids) == OPERATION_IDS
    assert set(doc["components"]["schemas"]) == SCHEMAS
    assert not any("asyncapi" in p or p.endswith("/ws") for p in doc["paths"])
    assert doc["paths"]["/"]["get"]["tags"] == ["root"]


@pytest.mark.parametrize(("method", "path", "op_id", "summary", "group", "errors"), OPERATIONS)
def test_operation_details(
    doc: dict[str, Any], method: str, path: str, op_id: str, summary: str, group: str, errors: set[str]
) -> None:
    op = doc["paths"][path][method]
    assert (op["operationId"], op["summary"], op["tags"]) == (op_id, summary, ["v1", group])
    assert set(op["responses"]) - {"200"} == errors
    for code, text in (("400", "Bad request"), ("404", "Not found")):
        if code in errors:
            assert op["responses"][code]["description"] == text


def test_parameters(doc: dict[str, Any]) -> None:
    bars = doc["paths"]["/api/v1/datafeed/bars"]["get"]
    params = {p["name"]: p for p in bars["parameters"]}
    assert list(params) == ["symbol", "resolution", "from_time", "to_time", "count_back"]
    assert [params[n]["required"] for n in params] == [True, True, True, True, False]
    assert params["from_time"]["description"] == "Start of the range (inclusive), Unix time in milliseconds"
    assert params["to_time"]["description"] == "End of the range (inclusive), Unix time in milliseconds"
    assert params["count_back"]["description"] == "If set, return only the last N bars of the range"
    assert "milliseconds" in bars["description"]
    assert "milliseconds" in doc["components"]["schemas"]["Bar"]["properties"]["time"]["description"]
    search = {p["name"]: p for p in doc["paths"]["/api/v1/datafeed/search"]["get"]["parameters"]}
    assert list(search) == ["user_input", "exchange", "symbol_type", "max_results"]
    assert search["max_results"]["schema"]["default"] == 50
    leverage = doc["paths"]["/api/v1/broker/leverage/info"]["get"]["parameters"]
    assert [(p["name"], p["required"]) for p in leverage] == [("symbol", True), ("orderType", True), ("side", True)]
    close = doc["paths"]["/api/v1/broker/positions/{position_id}"]["delete"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in close] == [("position_id", "path", True), ("amount", "query", False)]


def test_enums_and_embedded_body(doc: dict[str, Any]) -> None:
    schemas = doc["components"]["schemas"]
    assert (schemas["OrderType"]["type"], schemas["OrderType"]["enum"]) == ("integer", [1, 2, 3, 4])
    assert schemas["Side"]["enum"] == [1, -1] and schemas["OrderStatus"]["enum"] == [1, 2, 3, 4, 5, 6]
    assert schemas["StopType"]["enum"] == [0, 1, 2] and schemas["APIVersion"]["enum"] == ["v1", "v2"]
    body = schemas["Body_editPositionBrackets"]
    assert body["required"] == ["brackets"] and set(body["properties"]) == {"brackets", "customFields"}
