"""The same requests give the same answers from the legacy monolith and the modular app."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

TIME_FIELDS = {"timestamp", "confirmId"}

DETERMINISTIC_GETS = [
    "/",
    "/api/v1/openapi.json",
    "/api/v1/ws/asyncapi.json",
    "/api/v1/versions",
    "/api/v1/version",
    "/api/v1/datafeed/config",
    "/api/v1/datafeed/search?user_input=o",
    "/api/v1/datafeed/search?user_input=&exchange=NASDAQ&max_results=1",
    "/api/v1/datafeed/search",
    "/api/v1/datafeed/resolve/GOOGL",
    "/api/v1/datafeed/resolve/googl",
    "/api/v1/datafeed/resolve/NOPE",
    "/api/v1/datafeed/bars?symbol=GOOGL&resolution=1D&from_time=0&to_time=4000000000000",
    "/api/v1/datafeed/bars?symbol=MSFT&resolution=1W&from_time=0&to_time=4000000000000",
    "/api/v1/datafeed/bars?symbol=AAPL&resolution=5&from_time=0&to_time=4000000000000&count_back=7",
    "/api/v1/datafeed/bars?symbol=AAPL&resolution=60&from_time=0&to_time=1",
    "/api/v1/datafeed/bars?symbol=AAPL&resolution=1D&from_time=x&to_time=1",
    "/api/v1/broker/account",
    "/api/v1/broker/leverage/info?symbol=CROSSX&orderType=2&side=-1",
    "/api/v1/broker/leverage/info?symbol=CROSSX&orderType=9&side=1",
    "/api/v1/broker/executions/NEVER-TRADED",
    "/api/v1/docs",
    "/docs",
]

DETERMINISTIC_POSTS = [
    ("/api/v1/broker/orders/preview", {"symbol": "X", "type": 1, "side": 1, "qty": 3, "limitPrice": 7.5, "takeProfit": 8}),
    ("/api/v1/broker/orders/preview", {"symbol": "X", "type": 2, "side": -1, "qty": 1001, "stopLoss": 90}),
    ("/api/v1/broker/orders/preview", {"symbol": "X", "type": 2, "side": 1, "qty": -1}),
    ("/api/v1/broker/orders", {"symbol": "X", "type": 4, "side": 1, "qty": 1, "limitPrice": 3}),
    ("/api/v1/broker/orders", {"symbol": "X", "type": 7, "side": 1, "qty": 1}),
    ("/api/v1/broker/leverage/preview", {"symbol": "X", "orderType": 1, "side": 1, "leverage": 45.5}),
    ("/api/v1/datafeed/quotes", {"symbols": ["NOPE", "ALSO-NOPE"]}),
    ("/api/v1/datafeed/quotes", {"symbols": "AAPL"}),
]


def strip_times(value):
    """Drop fields that are fresh on every call (timestamps, UUIDs)."""
    if isinstance(value, dict):
        return {k: strip_times(v) for k, v in value.items() if k not in TIME_FIELDS}
    if isinstance(value, list):
        return [strip_times(v) for v in value]
    return value


def answer(response):
    content_type = response.headers.get("content-type", "")
    body = strip_times(response.json()) if content_type.startswith("application/json") else None
    return response.status_code, content_type.split(";")[0], body


@pytest.mark.parametrize("path", DETERMINISTIC_GETS)
def test_same_get_answers(legacy_server, modular_server, path):
    with legacy_server.client() as legacy, modular_server.client() as modular:
        assert answer(legacy.get(path)) == answer(modular.get(path))


@pytest.mark.parametrize(("path", "body"), DETERMINISTIC_POSTS)
def test_same_post_answers(legacy_server, modular_server, path, body):
    with legacy_server.client() as legacy, modular_server.client() as modular:
        assert answer(legacy.post(path, json=body)) == answer(modular.post(path, json=body))


def test_same_health_answers(legacy_server, modular_server):
    with legacy_server.client() as legacy, modular_server.client() as modular:
        for path in ("/api/v1/health", "/api/v1/datafeed/health"):
            assert answer(legacy.get(path)) == answer(modular.get(path))


WS_SCRIPT = [
    ("bars.subscribe", {"symbol": "GOOGL", "resolution": "1W"}),
    ("bars.subscribe", {"symbol": "GOOGL", "resolution": "1W", "extra": 1}),
    ("bars.unsubscribe", {"symbol": "GOOGL", "resolution": "1W"}),
    ("bars.unsubscribe", {"symbol": "GOOGL", "resolution": "1W"}),
    ("bars.subscribe", {"symbol": "googl", "resolution": "5"}),
    ("bars.subscribe", {"symbol": "GOOGL", "resolution": "15"}),
    ("quotes.subscribe", {"symbols": [], "fast_symbols": ["MSFT"]}),
    ("quotes.subscribe", {"symbols": ["ÄPFEL"], "fast_symbols": []}),
    ("quotes.unsubscribe", {"symbols": [], "fast_symbols": []}),
    ("positions.subscribe", {"accountId": "OTHER-ACCOUNT", "symbol": "X"}),
    ("executions.subscribe", {"accountId": "demo-account"}),
    ("broker-connection.unsubscribe", {"accountId": "DEMO-ACCOUNT"}),
]


def ws_transcript(server, ws_client_class, final_frame):
    """Replies to WS_SCRIPT (updates skipped), then the close caused by `final_frame`."""
    client = ws_client_class(server.ws_url)
    try:
        replies = [client.request(message_type, payload) for message_type, payload in WS_SCRIPT]
        client.send_raw(final_frame)
        return replies, client.wait_closed()
    finally:
        client.close()


@pytest.mark.parametrize(
    "final_frame",
    ['{"type": "orders.update", "payload": null}', "{", '{"type": "equity.subscribe"}', '"text"'],
)
def test_same_websocket_answers(legacy_server, modular_server, ws_client_class, final_frame):
    legacy = ws_transcript(legacy_server, ws_client_class, final_frame)
    assert legacy == ws_transcript(modular_server, ws_client_class, final_frame)
    assert legacy[1][0] == 1003
