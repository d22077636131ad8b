"""Datafeed WebSocket routes: bars and quotes."""

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from trading_api.main import apiApp

BARS = {"symbol": "AAPL", "resolution": "1D"}
BARS_TOPIC = 'bars:{"resolution":"1D","symbol":"AAPL"}'


def next_of(ws, message_type):
    """Return the next message of `message_type`, skipping others."""
    while True:
        message = ws.receive_json()
        if message["type"] == message_type:
            return message


def test_bars_subscribe_replies_with_the_topic():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "bars.subscribe", "payload": BARS})
            reply = ws.receive_json()
    assert reply == {
        "type": "bars.subscribe.response",
        "payload": {"status": "ok", "message": "Subscribed", "topic": BARS_TOPIC},
    }


def test_bars_updates_follow_the_last_bar():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "bars.subscribe", "payload": BARS})
            update = next_of(ws, "bars.update")["payload"]
    assert update["topic"] == BARS_TOPIC
    assert update["payload"]["time"] == 1736899200000
    assert update["payload"]["low"] <= update["payload"]["close"] <= update["payload"]["high"]


def test_unsubscribe_and_unsubscribe_again():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "bars.subscribe", "payload": BARS})
            next_of(ws, "bars.subscribe.response")
            ws.send_json({"type": "bars.unsubscribe", "payload": BARS})
            first = next_of(ws, "bars.unsubscribe.response")["payload"]
            ws.send_json({"type": "bars.unsubscribe", "payload": BARS})
            second = next_of(ws, "bars.unsubscribe.response")["payload"]
    assert (first["status"], first["message"]) == ("ok", "Unsubscribed")
    assert (second["status"], second["message"]) == ("error", "Not subscribed")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"symbol": "NOPE", "resolution": "1D"}, "Unknown symbol NOPE"),
        ({"symbol": "AAPL", "resolution": "3"}, "Unsupported resolution 3"),
    ],
)
def test_bars_subscription_rejected(payload, message):
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "bars.subscribe", "payload": payload})
            reply = ws.receive_json()["payload"]
    assert (reply["status"], reply["message"]) == ("error", message)


def test_quotes_stream_each_symbol():
    payload = {"symbols": ["GOOGL"], "fast_symbols": ["MSFT", "GOOGL"]}
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "quotes.subscribe", "payload": payload})
            topic = ws.receive_json()["payload"]["topic"]
            names = [next_of(ws, "quotes.update")["payload"]["payload"]["n"] for _ in range(2)]
    assert topic == 'quotes:{"fast_symbols":["MSFT","GOOGL"],"symbols":["GOOGL"]}'
    assert names == ["GOOGL", "MSFT"]


def test_quotes_need_symbols():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "quotes.subscribe", "payload": {"symbols": [], "fast_symbols": []}})
            reply = ws.receive_json()["payload"]
    assert reply["message"] == "No symbols provided for quote subscription"


def test_unknown_message_type_closes_1003():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "candles.subscribe", "payload": {}})
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
    assert (closed.value.code, closed.value.reason) == (1003, "No matching type")


def test_invalid_payload_closes_1003():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "bars.subscribe", "payload": {"symbol": "AAPL"}})
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
    assert (closed.value.code, closed.value.reason) == (1003, "Could not validate payload")
