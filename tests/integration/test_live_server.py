"""End to end over loopback: uvicorn + a `websockets` client + httpx."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

pytestmark = pytest.mark.integration


def send(ws: ClientConnection, message_type: str, payload: Any) -> None:
    ws.send(json.dumps({"type": message_type, "payload": payload}))


def receive(ws: ClientConnection) -> dict[str, Any]:
    return json.loads(ws.recv(timeout=10))


def test_bars_subscription_receives_updates(server: Any) -> None:
    with connect(server.ws, open_timeout=10) as ws:
        send(ws, "bars.subscribe", {"symbol": "AAPL", "resolution": "5"})
        reply = receive(ws)
        assert reply == {
            "type": "bars.subscribe.response",
            "payload": {"status": "ok", "message": "Subscribed", "topic": 'bars:{"resolution":"5","symbol":"AAPL"}'},
        }
        updates = [receive(ws) for _ in range(3)]
        assert {u["type"] for u in updates} == {"bars.update"}
        assert {u["payload"]["payload"]["time"] for u in updates} == {1736899200000 + 52_200_000 + 77 * 300_000}


def test_rest_order_reaches_every_broker_topic(server: Any) -> None:
    with connect(server.ws, open_timeout=10) as ws, connect(server.ws, open_timeout=10) as other:
        for route in ("orders", "positions", "executions", "equity"):
            send(ws, f"{route}.subscribe", {"accountId": "DEMO-ACCOUNT"})
            assert receive(ws)["payload"]["status"] == "ok"
        send(other, "orders.subscribe", {"accountId": "OTHER-ACCOUNT"})
        assert receive(other)["payload"]["status"] == "ok"
        with httpx.Client(base_url=server.http, trust_env=False, timeout=10) as http:
            order = http.post("/api/v1/broker/orders", json={"symbol": "MSFT", "type": 2, "side": 1, "qty": 5})
        assert order.status_code == 200
        order_id = order.json()["orderId"]
        seen = [receive(ws) for _ in range(5)]
        assert [m["type"] for m in seen] == [
            "orders.update", "executions.update", "orders.update", "positions.update", "equity.update",
        ]
        payloads = [m["payload"]["payload"] for m in seen]
        assert payloads[0]["id"] == payloads[2]["id"] == order_id
        assert (payloads[0]["status"], payloads[2]["status"]) == (6, 2)
        assert payloads[3] == {"id": "MSFT", "symbol": "MSFT", "qty": 5.0, "side": 1, "avgPrice": payloads[1]["price"]}
        equity = payloads[4]
        assert equity["balance"] == 100000.0 and equity["equity"] == round(equity["balance"] + equity["unrealizedPL"], 2)
        # The other account got nothing: its next message is the reply to this request.
        send(other, "orders.unsubscribe", {"accountId": "OTHER-ACCOUNT"})
        assert receive(other)["type"] == "orders.unsubscribe.response"


def test_bad_frame_closes_with_1003(server: Any) -> None:
    from websockets.exceptions import ConnectionClosed

    with connect(server.ws, open_timeout=10) as ws:
        ws.send("not json")
        with pytest.raises(ConnectionClosed) as info:
            ws.recv(timeout=10)
    assert (info.value.rcvd.code, info.value.rcvd.reason) == (1003, "Could not validate payload")
