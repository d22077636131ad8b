"""Broker REST facts (TRADING_API.md 3.4, 6.2 and 8), over HTTP, for both apps.

The REST account is shared by every scenario of a server, so each scenario trades its own symbol.
"""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.integration

BUY, SELL = 1, -1
LIMIT, MARKET, STOP, STOP_LIMIT = 1, 2, 3, 4
OK = {"success": True, "message": "Operation completed successfully"}


def place(http, symbol, type_, side, qty, **prices):
    response = http.post("/api/v1/broker/orders", json={"symbol": symbol, "type": type_, "side": side, "qty": qty, **prices})
    assert response.status_code == 200, response.text
    return response.json()["orderId"]


def order(http, order_id):
    return next(o for o in http.get("/api/v1/broker/orders").json() if o["id"] == order_id)


def poll(fetch, until, timeout=10.0):
    """Call `fetch` until `until(value)` holds (the simulator ticks every 10 ms)."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if until(value):
            return value
        assert time.monotonic() < deadline, f"condition never held; last value: {value!r}"
        time.sleep(0.01)


def position(http, symbol):
    return next((p for p in http.get("/api/v1/broker/positions").json() if p["symbol"] == symbol), None)


def test_account_info(http):
    assert http.get("/api/v1/broker/account").json() == {"id": "DEMO-ACCOUNT", "name": "Demo Trading Account"}


def test_market_order_fills_without_websocket_clients(http):
    order_id = place(http, "FILLX", MARKET, BUY, 3)
    assert order_id.startswith("ORDER-")
    filled = poll(lambda: order(http, order_id), lambda o: o["status"] == 2)
    assert filled["filledQty"] == 3.0 and filled["avgPrice"] > 0
    executions = http.get("/api/v1/broker/executions/FILLX").json()
    assert len(executions) == 1
    assert {k: executions[0][k] for k in ("symbol", "price", "qty", "side")} == {
        "symbol": "FILLX",
        "price": filled["avgPrice"],
        "qty": 3.0,
        "side": BUY,
    }
    assert executions[0]["time"] == filled["updateTime"]
    assert position(http, "FILLX") == {"id": "FILLX", "symbol": "FILLX", "qty": 3.0, "side": BUY, "avgPrice": filled["avgPrice"]}
    assert http.get("/api/v1/broker/executions/fillx").json() == []


def test_placed_order_is_stored_as_working(http):
    order_id = place(http, "STORX", LIMIT, BUY, 2, limitPrice=50, takeProfit=70, stopLoss=40, stopType=0)
    stored = order(http, order_id)
    assert stored["status"] == 6 and stored["type"] == LIMIT and stored["side"] == BUY
    assert (stored["limitPrice"], stored["takeProfit"], stored["stopLoss"], stored["stopType"]) == (50.0, 70.0, 40.0, 0)
    assert (stored["filledQty"], stored["avgPrice"]) == (0.0, None)
    assert [o["id"] for o in http.get("/api/v1/broker/orders").json()].count(order_id) == 1


def test_effective_limit_price(http):
    seen = place(http, "EFFX", LIMIT, BUY, 1, seenPrice=51)
    quoted_buy = place(http, "EFFX", LIMIT, BUY, 1, currentQuotes={"ask": 52, "bid": 48})
    quoted_sell = place(http, "EFFX", LIMIT, SELL, 1, currentQuotes={"ask": 502, "bid": 498})
    assert [order(http, i)["limitPrice"] for i in (seen, quoted_buy, quoted_sell)] == [51.0, 52.0, 498.0]


@pytest.mark.parametrize(
    ("type_", "prices", "message"),
    [
        (LIMIT, {}, "LIMIT orders require a limit price"),
        (STOP, {}, "STOP orders require a stop price"),
        (STOP_LIMIT, {"stopPrice": 60}, "STOP_LIMIT orders require a limit price"),
        (STOP_LIMIT, {"limitPrice": 60}, "STOP_LIMIT orders require a stop price"),
    ],
)
def test_missing_prices_are_400(http, type_, prices, message):
    response = http.post("/api/v1/broker/orders", json={"symbol": "ERRX", "type": type_, "side": BUY, "qty": 1, **prices})
    assert (response.status_code, response.json()) == (400, {"detail": message})


def test_modify_and_cancel(http):
    order_id = place(http, "MODX", LIMIT, BUY, 1, limitPrice=40)
    body = {"symbol": "IGNORED", "type": STOP, "side": SELL, "qty": 7, "limitPrice": 41, "stopPrice": 30}
    assert http.put(f"/api/v1/broker/orders/{order_id}", json=body).json() == OK
    modified = order(http, order_id)
    assert (modified["symbol"], modified["type"], modified["side"]) == ("MODX", LIMIT, BUY)
    assert (modified["qty"], modified["limitPrice"], modified["stopPrice"], modified["status"]) == (7.0, 41.0, 30.0, 6)
    assert http.delete(f"/api/v1/broker/orders/{order_id}").json() == OK
    assert order(http, order_id)["status"] == 1
    again = http.delete(f"/api/v1/broker/orders/{order_id}")
    assert (again.status_code, again.json()) == (400, {"detail": f"Cannot cancel order {order_id} with status CANCELED"})
    missing = http.delete("/api/v1/broker/orders/ORDER-999999")
    assert (missing.status_code, missing.json()) == (400, {"detail": "Order ORDER-999999 not found"})
    missing = http.put("/api/v1/broker/orders/ORDER-999999", json=body)
    assert (missing.status_code, missing.json()) == (400, {"detail": "Order ORDER-999999 not found"})


def test_filled_orders_cannot_change(http):
    order_id = place(http, "FILLY", MARKET, SELL, 1)
    poll(lambda: order(http, order_id), lambda o: o["status"] == 2)
    cancel = http.delete(f"/api/v1/broker/orders/{order_id}")
    assert (cancel.status_code, cancel.json()) == (400, {"detail": f"Cannot cancel order {order_id} with status FILLED"})
    body = {"symbol": "FILLY", "type": MARKET, "side": SELL, "qty": 2}
    modify = http.put(f"/api/v1/broker/orders/{order_id}", json=body)
    assert (modify.status_code, modify.json()) == (400, {"detail": f"Cannot modify order {order_id} with status FILLED"})


def test_close_position(http):
    opened = place(http, "CLSX", MARKET, BUY, 3)
    poll(lambda: order(http, opened), lambda o: o["status"] == 2)
    zero = http.delete("/api/v1/broker/positions/CLSX", params={"amount": 0})
    assert (zero.status_code, zero.json()) == (400, {"detail": "Amount must be positive"})
    too_much = http.delete("/api/v1/broker/positions/CLSX", params={"amount": 5})
    assert (too_much.status_code, too_much.json()) == (400, {"detail": "Amount 5.0 exceeds position quantity 3.0"})
    missing = http.delete("/api/v1/broker/positions/NOPOS")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Position NOPOS not found"})
    partial = http.delete("/api/v1/broker/positions/CLSX", params={"amount": 1})
    assert partial.json() == {"success": True, "message": "Partially closed position CLSX (1.0 units)"}
    assert poll(lambda: position(http, "CLSX"), lambda p: p["qty"] == 2.0)["side"] == BUY
    assert http.delete("/api/v1/broker/positions/CLSX").json() == {"success": True, "message": "Closed position CLSX"}
    poll(lambda: position(http, "CLSX"), lambda p: p is None)
    sides = [o["side"] for o in http.get("/api/v1/broker/orders").json() if o["symbol"] == "CLSX"]
    assert sides == [BUY, SELL, SELL]


def test_edit_position_brackets(http):
    opened = place(http, "BRKX", MARKET, BUY, 2)
    poll(lambda: order(http, opened), lambda o: o["status"] == 2)
    url = "/api/v1/broker/positions/BRKX/brackets"
    first = http.put(url, json={"brackets": {"stopLoss": 50, "takeProfit": 200}, "customFields": None})
    assert first.json() == {"success": True, "message": "Updated brackets for position BRKX"}
    orders = [o for o in http.get("/api/v1/broker/orders").json() if o["symbol"] == "BRKX"][1:]
    assert [(o["type"], o["side"], o["qty"], o["stopPrice"], o["limitPrice"], o["status"]) for o in orders] == [
        (STOP, SELL, 2.0, 50.0, None, 6),
        (LIMIT, SELL, 2.0, None, 200.0, 6),
    ]
    http.put(url, json={"brackets": {"stopLoss": 40}})
    orders = [o for o in http.get("/api/v1/broker/orders").json() if o["symbol"] == "BRKX"][1:]
    assert [(o["type"], o["stopPrice"], o["status"]) for o in orders] == [(STOP, 50.0, 1), (LIMIT, None, 1), (STOP, 40.0, 6)]
    assert http.put(url, json={"stopLoss": 45}).status_code == 422
    missing = http.put("/api/v1/broker/positions/NOPE/brackets", json={"brackets": {}})
    assert (missing.status_code, missing.json()) == (404, {"detail": "Position NOPE not found"})


def test_order_preview_texts(http):
    body = {"symbol": "AAPL", "type": STOP_LIMIT, "side": SELL, "qty": 5, "limitPrice": 10, "stopPrice": 11,
            "takeProfit": 9, "stopLoss": 12, "guaranteedStop": 12.5, "trailingStopPips": 3}  # fmt: skip
    preview = http.post("/api/v1/broker/orders/preview", json=body).json()
    rows = [(s["header"], [(r["title"], r["value"]) for r in s["rows"]]) for s in preview["sections"]]
    assert rows == [
        ("Order Details", [("Symbol", "AAPL"), ("Side", "Sell"), ("Quantity", "5.00"), ("Order Type", "Stop Limit"),
                           ("Limit Price", "$10.00"), ("Stop Price", "$11.00")]),
        ("Cost Analysis", [("Estimated Price", "$10.00"), ("Order Value", "$50.00"), ("Commission", "$0.05"),
                           ("Margin Required", "$25.00"), ("Total Cost", "$50.05")]),
        ("Risk Management", [("Take Profit", "$9.00 (+$5.00)"), ("Stop Loss", "$12.00 (-$10.00)"),
                             ("Guaranteed Stop", "$12.50"), ("Trailing Stop", "3.0 pips")]),
    ]  # fmt: skip
    assert (preview["warnings"], preview["errors"]) == (None, None)
    assert len(preview["confirmId"]) == 36
    market = http.post("/api/v1/broker/orders/preview", json={"symbol": "X", "type": MARKET, "side": BUY, "qty": 2000}).json()
    assert [s["header"] for s in market["sections"]] == ["Order Details", "Cost Analysis"]
    assert market["sections"][1]["rows"][1] == {"title": "Order Value", "value": "$200000.00"}
    assert market["warnings"] == [
        "Market orders execute immediately at current market price",
        "Large order size may experience slippage",
    ]
    assert market["confirmId"] != preview["confirmId"]


def test_leverage(http):
    params = {"symbol": "LEVX", "orderType": LIMIT, "side": BUY}
    info = http.get("/api/v1/broker/leverage/info", params=params).json()
    assert info == {"title": "Leverage for LEVX", "leverage": 10.0, "min": 1.0, "max": 100.0, "step": 1.0}
    assert http.put("/api/v1/broker/leverage/set", json={**params, "leverage": 25}).json() == {"leverage": 25.0}
    assert http.get("/api/v1/broker/leverage/info", params=params).json()["leverage"] == 25.0
    for value, message in ((150, "Leverage cannot exceed 100.0"), (0.5, "Leverage must be at least 1.0")):
        rejected = http.put("/api/v1/broker/leverage/set", json={**params, "leverage": value})
        assert (rejected.status_code, rejected.json()) == (400, {"detail": message})
        preview = http.post("/api/v1/broker/leverage/preview", json={**params, "leverage": value})
        assert preview.json() == {"infos": None, "warnings": None, "errors": [message]}
    assert http.get("/api/v1/broker/leverage/info", params={"symbol": "LEVX"}).status_code == 422


@pytest.mark.parametrize(
    ("leverage", "infos", "warnings"),
    [
        (1, ["Margin requirement: 100.00%", "No leverage applied (1:1 ratio)"], None),
        (20, ["Margin requirement: 5.00%", "With 20.0x leverage, a $1,000 investment controls $20000.00 in assets"], None),
        (30, ["Margin requirement: 3.33%", "With 30.0x leverage, a $1,000 investment controls $30000.00 in assets"],
         ["Moderate leverage (30.0x) increases risk. Ensure adequate risk management."]),
        (60, ["Margin requirement: 1.67%", "With 60.0x leverage, a $1,000 investment controls $60000.00 in assets"],
         ["High leverage (60.0x) significantly increases risk. You may lose more than your initial investment."]),
    ],
)  # fmt: skip
def test_leverage_preview_texts(http, leverage, infos, warnings):
    body = {"symbol": "LEVY", "orderType": MARKET, "side": SELL, "leverage": leverage}
    assert http.post("/api/v1/broker/leverage/preview", json=body).json() == {"infos": infos, "warnings": warnings, "errors": None}
