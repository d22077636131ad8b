"""The AsyncAPI document: 35 messages, 21 operations, valid AsyncAPI 3.0 (TRADING_API.md 5.8)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "asyncapi-3.0.0.json"
ROUTES = {
    "bars": ("datafeed", "BarsSubscriptionRequest", "Bar"),
    "quotes": ("datafeed", "QuoteDataSubscriptionRequest", "QuoteData"),
    "orders": ("broker", "OrderSubscriptionRequest", "PlacedOrder"),
    "positions": ("broker", "PositionSubscriptionRequest", "Position"),
    "executions": ("broker", "ExecutionSubscriptionRequest", "Execution"),
    "equity": ("broker", "EquitySubscriptionRequest", "EquityData"),
    "broker-connection": ("broker", "BrokerConnectionSubscriptionRequest", "BrokerConnectionStatus"),
}
SUFFIXES = ("subscribe", "subscribe.response", "unsubscribe", "unsubscribe.response", "update")


@pytest.fixture
def doc(app: Any) -> dict[str, Any]:
    return app.state.ws_app.asyncapi()


def test_validates_as_asyncapi_3(doc: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]
    assert errors == []


def test_messages_and_operations(doc: dict[str, Any]) -> None:
    assert doc["asyncapi"] == "3.0.0"
    assert doc["info"] == {
        "title": "Trading WebSockets",
        "version": "1.0.0",
        "description": "Real-time trading data streaming. Read the documentation to subscribe to specific data feeds.",
    }
    expected = {f"{route}.{suffix}" for route in ROUTES for suffix in SUFFIXES}
    assert set(doc["components"]["messages"]) == expected and len(expected) == 35
    assert set(doc["channels"]["ws"]["messages"]) == expected
    assert doc["channels"]["ws"]["address"] == "/api/v1/ws"
    operations = doc["operations"]
    assert len(operations) == 21
    for route, (tag, request, data) in ROUTES.items():
        for op in ("subscribe", "unsubscribe"):
            entry = operations[f"{route}.{op}"]
            assert entry["action"] == "receive" and entry["tags"] == [{"name": tag}]
            assert entry["reply"]["messages"] == [{"$ref": f"#/channels/ws/messages/{route}.{op}.response"}]
            payload = doc["components"]["messages"][f"{route}.{op}"]["payload"]["properties"]["payload"]
            assert payload == {"$ref": f"#/components/schemas/{request}"}
        update = operations[f"{route}.update"]
        assert update["action"] == "send" and "reply" not in update
        payload = doc["components"]["messages"][f"{route}.update"]["payload"]["properties"]["payload"]
        assert payload == {"$ref": f"#/components/schemas/SubscriptionUpdate_{data}_"}
        reply = doc["components"]["messages"][f"{route}.subscribe.response"]["payload"]["properties"]["payload"]
        assert reply == {"$ref": "#/components/schemas/SubscriptionResponse"}


def test_subscription_requests_have_only_required_fields(doc: dict[str, Any]) -> None:
    schemas = doc["components"]["schemas"]
    requests = [name for name in schemas if "SubscriptionRequest" in name]
    assert len(requests) == 7
    for name in requests:
        assert set(schemas[name]["properties"]) == set(schemas[name]["required"]), name


def test_served_document_equals_method(client: Any, doc: dict[str, Any]) -> None:
    served = client.get("/api/v1/ws/asyncapi.json")
    assert served.status_code == 200 and served.json() == doc
    assert client.get("/api/v1/ws/asyncapi").status_code == 200
