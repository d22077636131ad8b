"""Broker WebSocket routes: per-account topics fed by the fill simulator."""

from fastapi.testclient import TestClient

from trading_api.main import apiApp

DEMO = {"accountId": "DEMO-ACCOUNT"}
SECOND = {"accountId": "SECOND-ACCOUNT"}


def next_of(ws, message_type, where=lambda payload: True):
    """Return the payload of the next `message_type` message matching `where`."""
    while True:
        message = ws.receive_json()
        if message["type"] == message_type and where(message["payload"]):
            return message["payload"]


def test_orders_topic_ignores_extra_fields():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "orders.subscribe", "payload": {**DEMO, "symbol": "AAPL"}})
            reply = ws.receive_json()["payload"]
    assert reply == {"status": "ok", "message": "Subscribed", "topic": 'orders:{"accountId":"DEMO-ACCOUNT"}'}


def test_unknown_account_is_rejected():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "positions.subscribe", "payload": {"accountId": "NOBODY"}})
            reply = ws.receive_json()["payload"]
    assert (reply["status"], reply["message"]) == ("error", "Unknown account NOBODY")


def test_broker_connection_announces_status():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "broker-connection.subscribe", "payload": SECOND})
            status = next_of(ws, "broker-connection.update")["payload"]
    assert (status["status"], status["message"], status["disconnectType"]) == (1, "Connected to demo broker", None)


def test_rest_orders_reach_the_orders_topic():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "orders.subscribe", "payload": DEMO})
            next_of(ws, "orders.subscribe.response")
            body = {"symbol": "WS-B1", "type": 1, "side": 1, "qty": 1, "limitPrice": 20}
            order_id = client.post("/api/v1/broker/orders", json=body).json()["orderId"]
            update = next_of(ws, "orders.update", lambda p: p["payload"]["id"] == order_id)
    assert update["topic"] == 'orders:{"accountId":"DEMO-ACCOUNT"}'
    assert update["payload"]["status"] == 6


def test_fill_publishes_execution_order_and_position():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            for route in ("orders", "positions", "executions"):
                ws.send_json({"type": f"{route}.subscribe", "payload": DEMO})
                next_of(ws, f"{route}.subscribe.response")
            body = {"symbol": "WS-B2", "type": 2, "side": 1, "qty": 3}
            client.post("/api/v1/broker/orders", json=body)
            execution = next_of(ws, "executions.update", lambda p: p["payload"]["symbol"] == "WS-B2")["payload"]
            order = ws.receive_json()["payload"]["payload"]
            position = ws.receive_json()["payload"]["payload"]
    assert (order["status"], order["avgPrice"]) == (2, execution["price"])
    assert (position["symbol"], position["qty"], position["avgPrice"]) == ("WS-B2", 3.0, execution["price"])


def test_equity_after_a_fill_adds_up():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "equity.subscribe", "payload": DEMO})
            next_of(ws, "equity.subscribe.response")
            client.post("/api/v1/broker/orders", json={"symbol": "WS-B3", "type": 2, "side": -1, "qty": 1})
            equity = next_of(ws, "equity.update")["payload"]
    assert equity["equity"] == round(equity["balance"] + equity["unrealizedPL"], 2)


def test_other_accounts_do_not_see_rest_orders():
    with TestClient(apiApp) as client:
        with client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "orders.subscribe", "payload": SECOND})
            next_of(ws, "orders.subscribe.response")
            client.post("/api/v1/broker/orders", json={"symbol": "WS-B4", "type": 1, "side": 1, "qty": 1, "limitPrice": 5})
            # Replies and updates share one queue: nothing for SECOND may come before this reply.
            ws.send_json({"type": "orders.unsubscribe", "payload": SECOND})
            message = ws.receive_json()
    assert message["type"] == "orders.unsubscribe.response"
