"""WebSocket topics, replies, streams and close codes (TRADING_API.md 5 and 8), for both apps."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

BARS_TOPIC = 'bars:{"resolution":"1D","symbol":"GOOGL"}'
SUBSCRIBED = {"status": "ok", "message": "Subscribed"}
UNSUBSCRIBED = {"status": "ok", "message": "Unsubscribed"}


@pytest.mark.parametrize(
    ("route", "payload", "topic"),
    [
        ("bars", {"symbol": "AAPL", "resolution": "1D"}, 'bars:{"resolution":"1D","symbol":"AAPL"}'),
        ("quotes", {"symbols": ["MSFT", "GOOGL"], "fast_symbols": []}, 'quotes:{"fast_symbols":[],"symbols":["MSFT","GOOGL"]}'),
        ("executions", {"accountId": "DEMO-ACCOUNT", "symbol": "AAPL"}, 'executions:{"accountId":"DEMO-ACCOUNT"}'),
        ("broker-connection", {"accountId": "DEMO-ACCOUNT"}, 'broker-connection:{"accountId":"DEMO-ACCOUNT"}'),
        ("orders", {"accountId": "OTHER-ACCOUNT"}, 'orders:{"accountId":"OTHER-ACCOUNT"}'),
        ("positions", {"accountId": "OTHER-ACCOUNT"}, 'positions:{"accountId":"OTHER-ACCOUNT"}'),
        ("equity", {"accountId": "OTHER-ACCOUNT"}, 'equity:{"accountId":"OTHER-ACCOUNT"}'),
    ],
)
def test_topics_and_replies(ws, route, payload, topic):
    client = ws()
    assert client.request(f"{route}.subscribe", payload) == {**SUBSCRIBED, "topic": topic}
    assert client.request(f"{route}.unsubscribe", payload) == {**UNSUBSCRIBED, "topic": topic}
    again = client.request(f"{route}.unsubscribe", payload)
    assert again == {"status": "error", "message": "Not subscribed", "topic": topic}
    assert client.request(f"{route}.subscribe", payload) == {**SUBSCRIBED, "topic": topic}


def test_bars_stream(ws, http):
    last = http.get(
        "/api/v1/datafeed/bars",
        params={"symbol": "GOOGL", "resolution": "1D", "from_time": 0, "to_time": 4_000_000_000_000},
    ).json()["bars"][-1]
    client = ws()
    client.send("bars.subscribe", {"symbol": "GOOGL", "resolution": "1D"})
    reply = client.recv()
    assert reply["type"] == "bars.subscribe.response"  # the reply precedes every update
    update = client.wait_for("bars.update")
    assert update["payload"]["topic"] == BARS_TOPIC
    bar = update["payload"]["payload"]
    assert {k: bar[k] for k in ("time", "open", "high", "low")} == {k: last[k] for k in ("time", "open", "high", "low")}
    assert last["low"] <= bar["close"] <= last["high"]
    assert last["volume"] <= bar["volume"] < last["volume"] + 10_000


def test_repeated_subscribe_is_idempotent(ws):
    client = ws()
    payload = {"symbol": "MSFT", "resolution": "1W"}
    topic = 'bars:{"resolution":"1W","symbol":"MSFT"}'
    assert client.request("bars.subscribe", payload) == {**SUBSCRIBED, "topic": topic}
    assert client.request("bars.subscribe", payload) == {**SUBSCRIBED, "topic": topic}
    client.wait_for("bars.update")
    assert client.request("bars.unsubscribe", payload) == {**UNSUBSCRIBED, "topic": topic}
    # Everything queued before the reply has been read: no update may follow it.
    updates, reply = client.until_reply("bars.unsubscribe", payload)
    assert reply["status"] == "error" and updates == []
    updates, reply = client.until_reply("bars.unsubscribe", payload)
    assert updates == []


def test_quotes_stream(ws):
    client = ws()
    payload = {"symbols": ["MSFT", "NOPE"], "fast_symbols": ["MSFT"]}
    topic = client.request("quotes.subscribe", payload)["topic"]
    seen = [client.wait_for("quotes.update")["payload"] for _ in range(4)]
    assert {update["topic"] for update in seen} == {topic}
    names = [update["payload"]["n"] for update in seen]
    assert names == ["MSFT", "NOPE", "MSFT", "NOPE"]
    assert seen[1]["payload"] == {"s": "error", "n": "NOPE", "v": {"error": "Symbol not found"}}
    assert seen[0]["payload"]["s"] == "ok" and seen[0]["payload"]["v"]["description"] == "Demo quotes for MSFT"


@pytest.mark.parametrize(
    ("route", "payload", "message"),
    [
        ("bars", {"symbol": "NOPE", "resolution": "1D"}, "Unknown symbol NOPE"),
        ("bars", {"symbol": "AAPL", "resolution": "1"}, "Unsupported resolution 1"),
        ("quotes", {"symbols": [], "fast_symbols": []}, "No symbols provided for quote subscription"),
        ("orders", {"accountId": "NOPE"}, "Unknown account NOPE"),
        ("equity", {"accountId": "NOPE"}, "Unknown account NOPE"),
    ],
)
def test_rejected_subscriptions_keep_the_connection(ws, route, payload, message):
    client = ws()
    reply = client.request(f"{route}.subscribe", payload)
    assert (reply["status"], reply["message"]) == ("error", message)
    assert client.request("broker-connection.subscribe", {"accountId": "DEMO-ACCOUNT"})["status"] == "ok"


def test_broker_connection_status(ws):
    client = ws()
    client.request("broker-connection.subscribe", {"accountId": "OTHER-ACCOUNT"})
    update = client.wait_for("broker-connection.update")["payload"]
    assert update["topic"] == 'broker-connection:{"accountId":"OTHER-ACCOUNT"}'
    status = update["payload"]
    assert {k: v for k, v in status.items() if k != "timestamp"} == {
        "status": 1,
        "message": "Connected to demo broker",
        "disconnectType": None,
    }
    assert status["timestamp"] > 1_700_000_000_000


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        ('{"type": "nope.subscribe", "payload": {}}', "No matching type"),
        ('{"type": "bars.update", "payload": {"symbol": "AAPL", "resolution": "1D"}}', "No matching type"),
        ('{"type": "bars.subscribe.response", "payload": null}', "No matching type"),
        ("not json", "Could not validate payload"),
        ("[1, 2]", "Could not validate payload"),
        ('{"type": "bars.subscribe", "payload": null}', "Could not validate payload"),
        ('{"type": "bars.subscribe", "payload": {"symbol": "AAPL"}}', "Could not validate payload"),
    ],
)
def test_bad_input_closes_with_1003(ws, frame, reason):
    client = ws()
    client.send_raw(frame)
    assert client.wait_closed() == (1003, reason)


def test_accounts_never_see_each_other(ws, http):
    demo, other = ws(), ws()
    assert demo.request("orders.subscribe", {"accountId": "DEMO-ACCOUNT"})["status"] == "ok"
    assert other.request("orders.subscribe", {"accountId": "OTHER-ACCOUNT"})["status"] == "ok"
    body = {"symbol": "ISOX", "type": 1, "side": 1, "qty": 1, "limitPrice": 5}
    order_id = http.post("/api/v1/broker/orders", json=body).json()["orderId"]
    update = demo.wait_for("orders.update", lambda m: m["payload"]["payload"]["id"] == order_id)
    assert update["payload"]["topic"] == 'orders:{"accountId":"DEMO-ACCOUNT"}'
    assert update["payload"]["payload"]["status"] == 6
    # Fan-out is synchronous: anything for `other` is queued before this reply.
    before, _ = other.until_reply("orders.unsubscribe", {"accountId": "DEMO-ACCOUNT"})
    assert before == []


def test_one_orders_update_per_order_change(ws, http):
    client = ws()
    client.request("orders.subscribe", {"accountId": "DEMO-ACCOUNT"})
    body = {"symbol": "ONEX", "type": 1, "side": 1, "qty": 1, "limitPrice": 5}
    order_id = http.post("/api/v1/broker/orders", json=body).json()["orderId"]
    http.put(f"/api/v1/broker/orders/{order_id}", json={**body, "qty": 2})
    http.delete(f"/api/v1/broker/orders/{order_id}")
    sentinel = http.post("/api/v1/broker/orders", json=body).json()["orderId"]
    seen = []
    while True:
        placed = client.wait_for("orders.update")["payload"]["payload"]
        if placed["id"] == sentinel:
            break
        if placed["id"] == order_id:
            seen.append((placed["status"], placed["qty"]))
    assert seen == [(6, 1.0), (6, 2.0), (1, 2.0)]
    http.delete(f"/api/v1/broker/orders/{sentinel}")


def test_last_unsubscribe_stops_the_producer(ws):
    # A bars producer seeds its RNG when it starts: a restarted producer repeats its first update.
    client = ws()
    payload = {"symbol": "MSFT", "resolution": "5"}
    assert client.request("bars.subscribe", payload)["message"] == "Subscribed"
    early, reply = client.until_reply("bars.subscribe", payload)
    assert reply["message"] == "Subscribed"
    updates = [m["payload"]["payload"] for m in early]
    while len(updates) < 2:
        updates.append(client.wait_for("bars.update")["payload"]["payload"])
    first, second = updates[:2]
    assert client.request("bars.unsubscribe", payload)["message"] == "Unsubscribed"
    updates, reply = client.until_reply("bars.subscribe", payload)
    assert reply["message"] == "Subscribed" and updates == []
    restarted = client.wait_for("bars.update")["payload"]["payload"]
    assert restarted == first
    assert (first["close"], first["volume"]) != (second["close"], second["volume"])
