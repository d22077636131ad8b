"""Datafeed WebSocket routes through a TestClient (lifespan running)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from starlette.websockets import WebSocketDisconnect

if TYPE_CHECKING:
    from starlette.testclient import WebSocketTestSession

BARS_TOPIC = 'bars:{"resolution":"1D","symbol":"AAPL"}'
AAPL_1D = {"symbol": "AAPL", "resolution": "1D"}


def send(ws: WebSocketTestSession, message_type: str, payload: Any) -> None:
    ws.send_json({"type": message_type, "payload": payload})


def receive_until(ws: WebSocketTestSession, message_type: str) -> tuple[dict, list[str]]:
    """Return the first message of `message_type` and the types seen before it."""
    seen = []
    for _ in range(1000):
        message = ws.receive_json()
        if message["type"] == message_type:
            return message, seen
        seen.append(message["type"])
    raise AssertionError(f"no {message_type} in 1000 messages: {seen[-5:]}")


def test_bars_subscribe_reply_then_updates(datafeed_client: Any) -> None:
    with datafeed_client.websocket_connect("/api/v1/ws") as ws:
        send(ws, "bars.subscribe", {**AAPL_1D, "extra": "dropped"})
        reply = ws.receive_json()
        assert reply == {
            "type": "bars.subscribe.response",
            "payload": {"status": "ok", "message": "Subscribed", "topic": BARS_TOPIC},
        }
        update = ws.receive_json()
        assert update["type"] == "bars.update" and update["payload"]["topic"] == BARS_TOPIC
        bar = update["payload"]["payload"]
        assert bar["time"] == 1736899200000 and 96.96 <= bar["close"] <= 101.27


def test_reference_counting_and_producer_stop(datafeed_app: Any, datafeed_client: Any) -> None:
    route = datafeed_app.state.modules["datafeed"].ws_routers()[0]
    ws_app = datafeed_app.state.ws_app
    with datafeed_client.websocket_connect("/api/v1/ws") as ws:
        send(ws, "bars.subscribe", AAPL_1D)
        receive_until(ws, "bars.subscribe.response")
        send(ws, "bars.subscribe", AAPL_1D)
        second, _ = receive_until(ws, "bars.subscribe.response")
        assert second["payload"]["status"] == "ok"
        assert ws_app.subscribers(BARS_TOPIC) == 1 and route.running_producers == [BARS_TOPIC]
        send(ws, "bars.unsubscribe", AAPL_1D)
        reply, _ = receive_until(ws, "bars.unsubscribe.response")
        assert reply["payload"] == {"status": "ok", "message": "Unsubscribed", "topic": BARS_TOPIC}
        assert ws_app.subscribers(BARS_TOPIC) == 0 and route.running_producers == []
        send(ws, "bars.unsubscribe", AAPL_1D)
        again, _ = receive_until(ws, "bars.unsubscribe.response")
        assert again["payload"] == {"status": "error", "message": "Not subscribed", "topic": BARS_TOPIC}
        send(ws, "quotes.subscribe", {"symbols": ["MSFT"], "fast_symbols": []})
        still_open, _ = receive_until(ws, "quotes.subscribe.response")
        assert still_open["payload"]["status"] == "ok"


def test_disconnect_releases_topics(datafeed_app: Any, datafeed_client: Any) -> None:
    route = datafeed_app.state.modules["datafeed"].ws_routers()[0]
    with datafeed_client.websocket_connect("/api/v1/ws") as ws:
        send(ws, "bars.subscribe", AAPL_1D)
        receive_until(ws, "bars.update")
    ws_app = datafeed_app.state.ws_app
    with datafeed_client.websocket_connect("/api/v1/ws") as ws:
        # Round trips let the server finish the first connection; wait on that, not on time.
        for _ in range(200):
            if ws_app.subscribers(BARS_TOPIC) == 0:
                break
            send(ws, "bars.unsubscribe", AAPL_1D)
            receive_until(ws, "bars.unsubscribe.response")
    assert ws_app.subscribers(BARS_TOPIC) == 0
    assert route.running_producers == []


@pytest.mark.parametrize(
    ("message_type", "payload", "reason"),
    [
        ("bars.subscribe", {"symbol": "NOPE", "resolution": "1D"}, "Unknown symbol NOPE"),
        ("bars.subscribe", {"symbol": "AAPL", "resolution": "1"}, "Unsupported resolution 1"),
        ("quotes.subscribe", {"symbols": [], "fast_symbols": []}, "No symbols provided for quote subscription"),
    ],
)
def test_rejections_keep_the_connection(datafeed_client: Any, message_type: str, payload: dict, reason: str) -> None:
    with datafeed_client.websocket_connect("/api/v1/ws") as ws:
        send(ws, message_type, payload)
        reply = ws.receive_json()
        assert reply["type"] == f"{message_type}.response"
        assert (reply["payload"]["status"], reply["payload"]["message"]) == ("error", reason)
        send(ws, "bars.subscribe", AAPL_1D)
        assert ws.receive_json()["payload"]["status"] == "ok"


def test_quotes_stream_every_symbol_once(datafeed_client: Any) -> None:
    request = {"symbols": ["MSFT", "AAPL"], "fast_symbols": ["AAPL", "ZZZ"]}
    topic = 'quotes:{"fast_symbols":["AAPL","ZZZ"],"symbols":["MSFT","AAPL"]}'
    with datafeed_client.websocket_connect("/api/v1/ws") as ws:
        send(ws, "quotes.subscribe", request)
        assert ws.receive_json()["payload"]["topic"] == topic
        names = [ws.receive_json()["payload"]["payload"]["n"] for _ in range(3)]
        assert names == ["MSFT", "AAPL", "ZZZ"]


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        ('{"type": "bars.update", "payload": null}', "No matching type"),
        ('{"type": "bars.subscribe.response", "payload": null}', "No matching type"),
        ('{"type": "bars.subscribe", "payload": null}', "Could not validate payload"),
        ('{"type": "bars.subscribe", "payload": {"symbol": "AAPL"}}', "Could not validate payload"),
        ("not json", "Could not validate payload"),
        ("[1, 2]", "Could not validate payload"),
    ],
)
def test_bad_input_closes_1003(datafeed_client: Any, frame: str, reason: str) -> None:
    with datafeed_client.websocket_connect("/api/v1/ws") as ws:
        ws.send_text(frame)
        with pytest.raises(WebSocketDisconnect) as info:
            ws.receive_json()
    assert (info.value.code, info.value.reason) == (1003, reason)
