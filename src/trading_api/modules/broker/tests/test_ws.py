"""Broker WebSocket routes through a TestClient: per-account topics and update order."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from starlette.testclient import WebSocketTestSession

from trading_api.shared.settings import Settings

DEMO, OTHER = "DEMO-ACCOUNT", "OTHER-ACCOUNT"


@pytest.fixture
def app_factory_kwargs() -> dict[str, Any]:
    settings = Settings.from_env(
        env={}, seed=42, anchor_date=dt.date(2025, 1, 15), fill_delay=0.0, tick_interval=0.01,
        accounts=(DEMO, OTHER),
    )
    return {"settings": settings}


def send(ws: WebSocketTestSession, message_type: str, payload: Any) -> None:
    ws.send_json({"type": message_type, "payload": payload})


def subscribe(ws: WebSocketTestSession, route: str, account: str, **extra: Any) -> dict:
    send(ws, f"{route}.subscribe", {"accountId": account, **extra})
    reply = ws.receive_json()
    assert reply["type"] == f"{route}.subscribe.response"
    return reply["payload"]


def test_topics_ignore_extra_fields(broker_client: Any) -> None:
    with broker_client.websocket_connect("/api/v1/ws") as ws:
        reply = subscribe(ws, "executions", DEMO, symbol="AAPL")
        assert reply == {"status": "ok", "message": "Subscribed", "topic": 'executions:{"accountId":"DEMO-ACCOUNT"}'}


def test_unknown_account_is_rejected(broker_client: Any) -> None:
    with broker_client.websocket_connect("/api/v1/ws") as ws:
        reply = subscribe(ws, "orders", "NOBODY")
        assert reply == {"status": "error", "message": "Unknown account NOBODY", "topic": 'orders:{"accountId":"NOBODY"}'}
        assert subscribe(ws, "orders", DEMO)["status"] == "ok"


def test_broker_connection_announces_once(broker_client: Any) -> None:
    with broker_client.websocket_connect("/api/v1/ws") as ws:
        reply = subscribe(ws, "broker-connection", DEMO)
        assert reply["topic"] == 'broker-connection:{"accountId":"DEMO-ACCOUNT"}'
        update = ws.receive_json()
        assert update["type"] == "broker-connection.update"
        status = update["payload"]["payload"]
        assert (status["status"], status["message"], status["disconnectType"]) == (1, "Connected to demo broker", None)
        assert isinstance(status["timestamp"], int)
        assert subscribe(ws, "broker-connection", DEMO)["status"] == "ok"  # idempotent: no second status
        assert subscribe(ws, "orders", DEMO)["status"] == "ok"


def test_rest_order_reaches_only_the_rest_account(broker_client: Any) -> None:
    with broker_client.websocket_connect("/api/v1/ws") as mine, broker_client.websocket_connect("/api/v1/ws") as other:
        for route in ("orders", "positions", "executions", "equity"):
            subscribe(mine, route, DEMO)
        subscribe(other, "orders", OTHER)
        response = broker_client.post("/api/v1/broker/orders", json={"symbol": "AAPL", "type": 2, "side": 1, "qty": 3})
        order_id = response.json()["orderId"]
        seen = [mine.receive_json() for _ in range(5)]
        assert [m["type"] for m in seen] == [
            "orders.update", "executions.update", "orders.update", "positions.update", "equity.update",
        ]
        placed, execution, filled, position, equity = (m["payload"]["payload"] for m in seen)
        assert (placed["id"], placed["status"], filled["status"]) == (order_id, 6, 2)
        assert filled["avgPrice"] == execution["price"] == position["avgPrice"]
        assert (position["qty"], position["side"]) == (3.0, 1)
        assert equity["equity"] == round(equity["balance"] + equity["unrealizedPL"], 2)
        assert seen[0]["payload"]["topic"] == 'orders:{"accountId":"DEMO-ACCOUNT"}'
        # The other account holds only its own orders topic: a reply proves nothing was queued before it.
        send(other, "orders.unsubscribe", {"accountId": OTHER})
        assert other.receive_json()["type"] == "orders.unsubscribe.response"
