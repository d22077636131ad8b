"""Broker accounting observed over REST and WebSocket (TRADING_API.md 6.2.4, 6.2.5, 8), for both apps.

Balance and realized P&L are account-wide and other scenarios trade too, so these
scenarios check the changes their own fills make, read from the equity update that
follows each fill in the same tick.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

BUY, SELL = 1, -1
LIMIT, STOP = 1, 3
DEMO = {"accountId": "DEMO-ACCOUNT"}


class Trader:
    """Places orders over REST and reads their fills and the equity after them over WS."""

    def __init__(self, http, client):
        self.http = http
        self.client = client
        for route in ("orders", "positions", "executions", "equity"):
            assert client.request(f"{route}.subscribe", DEMO)["status"] == "ok"

    def fill(self, symbol, type_, side, qty, **prices):
        """Place an order, wait for its fill; return (execution, position update, equity)."""
        body = {"symbol": symbol, "type": type_, "side": side, "qty": qty, **prices}
        order_id = self.http.post("/api/v1/broker/orders", json=body).json()["orderId"]
        execution = self.client.wait_for("executions.update", lambda m: m["payload"]["payload"]["symbol"] == symbol)
        filled = self.client.recv()
        assert filled["type"] == "orders.update"
        assert (filled["payload"]["payload"]["id"], filled["payload"]["payload"]["status"]) == (order_id, 2)
        position = self.client.recv()
        assert position["type"] == "positions.update"
        assert position["payload"]["payload"]["symbol"] == symbol
        equity = self.client.wait_for("equity.update")["payload"]["payload"]
        assert equity["equity"] == round(equity["balance"] + equity["unrealizedPL"], 2)
        return execution["payload"]["payload"], position["payload"]["payload"], equity


def positions(http, symbol):
    return [p for p in http.get("/api/v1/broker/positions").json() if p["symbol"] == symbol]


def test_accounting_on_test_symbol(http, ws):
    trader = Trader(http, ws())
    execution, position, first = trader.fill("TEST", LIMIT, BUY, 10, limitPrice=150)
    assert (execution["price"], execution["qty"], execution["side"]) == (150.0, 10.0, BUY)
    assert position == {"id": "TEST", "symbol": "TEST", "qty": 10.0, "side": BUY, "avgPrice": 150.0}

    execution, position, second = trader.fill("TEST", STOP, SELL, 4, stopPrice=160)
    assert execution["price"] == 160.0
    assert position == {"id": "TEST", "symbol": "TEST", "qty": 6.0, "side": BUY, "avgPrice": 150.0}
    assert round(second["realizedPL"] - first["realizedPL"], 2) == 40.0
    assert round(second["balance"] - first["balance"], 2) == 40.0

    execution, position, third = trader.fill("TEST", STOP, SELL, 10, stopPrice=160)
    assert position == {"id": "TEST", "symbol": "TEST", "qty": 4.0, "side": SELL, "avgPrice": 160.0}
    assert round(third["realizedPL"] - first["realizedPL"], 2) == 100.0
    assert positions(http, "TEST") == [position]


def test_adding_to_a_position_averages_the_price(http, ws):
    trader = Trader(http, ws())
    trader.fill("AVGX", LIMIT, BUY, 10, limitPrice=150)
    _, position, _ = trader.fill("AVGX", LIMIT, BUY, 10, limitPrice=130)
    assert position == {"id": "AVGX", "symbol": "AVGX", "qty": 20.0, "side": BUY, "avgPrice": 140.0}


def test_closing_exactly_publishes_qty_zero_then_removes(http, ws):
    trader = Trader(http, ws())
    _, _, opened = trader.fill("FLATX", LIMIT, SELL, 5, limitPrice=50)
    _, position, closed = trader.fill("FLATX", STOP, BUY, 5, stopPrice=40)
    assert position == {"id": "FLATX", "symbol": "FLATX", "qty": 0.0, "side": SELL, "avgPrice": 50.0}
    # SELL 5 @50 bought back @40: (40 - 50) x 5 x (-1) = +50.
    assert round(closed["realizedPL"] - opened["realizedPL"], 2) == 50.0
    assert positions(http, "FLATX") == []


def test_limit_far_from_the_price_stays_working(http, ws):
    client = ws()
    client.request("orders.subscribe", DEMO)
    body = {"symbol": "TEST", "type": LIMIT, "side": BUY, "qty": 1, "limitPrice": 50}
    order_id = http.post("/api/v1/broker/orders", json=body).json()["orderId"]
    # Each later MARKET fill proves a tick ran after the LIMIT order was placed.
    for _ in range(3):
        market = {"symbol": "TICKX", "type": 2, "side": BUY, "qty": 1}
        tick_id = http.post("/api/v1/broker/orders", json=market).json()["orderId"]
        client.wait_for("orders.update", lambda m: m["payload"]["payload"]["id"] == tick_id and m["payload"]["payload"]["status"] == 2)
    stored = next(o for o in http.get("/api/v1/broker/orders").json() if o["id"] == order_id)
    assert stored["status"] == 6
    http.delete(f"/api/v1/broker/orders/{order_id}")
