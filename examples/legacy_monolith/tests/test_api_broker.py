"""Broker REST endpoints. The app is shared by every test: each test trades its own symbol."""

import time

import pytest
from fastapi.testclient import TestClient
from httpx import ASGITransport, AsyncClient

from trading_api.main import apiApp

BUY, SELL = 1, -1
LIMIT, MARKET, STOP, STOP_LIMIT = 1, 2, 3, 4
FILLED, WORKING, CANCELED = 2, 6, 1


def order_body(symbol, type_, side, qty, **prices):
    return {"symbol": symbol, "type": type_, "side": side, "qty": qty, **prices}


def wait_for_status(client, order_id, status):
    """Poll until the simulator (running in the lifespan) gives the order `status`."""
    deadline = time.monotonic() + 10
    while True:
        order = next(o for o in client.get("/api/v1/broker/orders").json() if o["id"] == order_id)
        if order["status"] == status or time.monotonic() > deadline:
            return order
        time.sleep(0.01)


@pytest.mark.asyncio
async def test_place_limit_order_is_working():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        placed = await client.post("/api/v1/broker/orders", json=order_body("BRK-A1", LIMIT, BUY, 2, limitPrice=50))
        orders = (await client.get("/api/v1/broker/orders")).json()
    order_id = placed.json()["orderId"]
    assert order_id.startswith("ORDER-")
    order = next(o for o in orders if o["id"] == order_id)
    assert (order["status"], order["limitPrice"], order["filledQty"]) == (WORKING, 50.0, 0.0)


@pytest.mark.asyncio
async def test_limit_order_without_price_is_400():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.post("/api/v1/broker/orders", json=order_body("BRK-A2", LIMIT, BUY, 1))
    assert response.status_code == 400
    assert response.json() == {"detail": "LIMIT orders require a limit price"}


@pytest.mark.asyncio
async def test_stop_order_without_stop_price_is_400():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.post("/api/v1/broker/orders", json=order_body("BRK-A3", STOP, SELL, 1))
    assert response.json() == {"detail": "STOP orders require a stop price"}


@pytest.mark.asyncio
async def test_seen_price_is_the_effective_limit():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        placed = await client.post("/api/v1/broker/orders", json=order_body("BRK-A4", LIMIT, BUY, 1, seenPrice=42.5))
        orders = (await client.get("/api/v1/broker/orders")).json()
    assert next(o for o in orders if o["id"] == placed.json()["orderId"])["limitPrice"] == 42.5


@pytest.mark.asyncio
async def test_invalid_order_body_is_422():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.post("/api/v1/broker/orders", json={"symbol": "BRK-A5", "type": 9, "side": 1, "qty": 1})
    assert response.status_code == 422


def test_modify_then_cancel():
    client = TestClient(apiApp)
    order_id = client.post("/api/v1/broker/orders", json=order_body("BRK-B1", LIMIT, BUY, 1, limitPrice=40)).json()["orderId"]
    modified = client.put(f"/api/v1/broker/orders/{order_id}", json=order_body("BRK-B1", LIMIT, BUY, 3, limitPrice=41))
    assert modified.json() == {"success": True, "message": "Operation completed successfully"}
    assert client.delete(f"/api/v1/broker/orders/{order_id}").status_code == 200
    again = client.delete(f"/api/v1/broker/orders/{order_id}")
    assert again.status_code == 400
    assert again.json() == {"detail": f"Cannot cancel order {order_id} with status CANCELED"}


def test_unknown_order_is_400():
    client = TestClient(apiApp)
    response = client.delete("/api/v1/broker/orders/ORDER-424242")
    assert (response.status_code, response.json()) == (400, {"detail": "Order ORDER-424242 not found"})


def test_market_order_fills_and_opens_a_position():
    with TestClient(apiApp) as client:
        order_id = client.post("/api/v1/broker/orders", json=order_body("BRK-C1", MARKET, BUY, 4)).json()["orderId"]
        order = wait_for_status(client, order_id, FILLED)
        positions = client.get("/api/v1/broker/positions").json()
        executions = client.get("/api/v1/broker/executions/BRK-C1").json()
    assert order["status"] == FILLED and order["filledQty"] == 4.0
    position = next(p for p in positions if p["symbol"] == "BRK-C1")
    assert (position["id"], position["qty"], position["side"], position["avgPrice"]) == ("BRK-C1", 4.0, BUY, order["avgPrice"])
    assert [(e["qty"], e["price"]) for e in executions] == [(4.0, order["avgPrice"])]


def test_filled_order_cannot_be_modified():
    with TestClient(apiApp) as client:
        order_id = client.post("/api/v1/broker/orders", json=order_body("BRK-C2", MARKET, SELL, 1)).json()["orderId"]
        wait_for_status(client, order_id, FILLED)
        response = client.put(f"/api/v1/broker/orders/{order_id}", json=order_body("BRK-C2", MARKET, SELL, 2))
    assert response.status_code == 400
    assert response.json() == {"detail": f"Cannot modify order {order_id} with status FILLED"}


def test_close_position_checks_the_amount():
    with TestClient(apiApp) as client:
        order_id = client.post("/api/v1/broker/orders", json=order_body("BRK-C3", MARKET, BUY, 2)).json()["orderId"]
        wait_for_status(client, order_id, FILLED)
        zero = client.delete("/api/v1/broker/positions/BRK-C3", params={"amount": 0})
        too_much = client.delete("/api/v1/broker/positions/BRK-C3", params={"amount": 3})
        partial = client.delete("/api/v1/broker/positions/BRK-C3", params={"amount": 1})
    assert (zero.status_code, zero.json()["detail"]) == (400, "Amount must be positive")
    assert (too_much.status_code, too_much.json()["detail"]) == (400, "Amount 3.0 exceeds position quantity 2.0")
    assert partial.json()["message"] == "Partially closed position BRK-C3 (1.0 units)"


def test_close_missing_position_is_404():
    client = TestClient(apiApp)
    response = client.delete("/api/v1/broker/positions/BRK-NONE")
    assert (response.status_code, response.json()) == (404, {"detail": "Position BRK-NONE not found"})


def test_edit_brackets_places_protective_orders():
    with TestClient(apiApp) as client:
        order_id = client.post("/api/v1/broker/orders", json=order_body("BRK-C4", MARKET, BUY, 2)).json()["orderId"]
        wait_for_status(client, order_id, FILLED)
        response = client.put(
            "/api/v1/broker/positions/BRK-C4/brackets", json={"brackets": {"stopLoss": 10, "takeProfit": 500}}
        )
        orders = [o for o in client.get("/api/v1/broker/orders").json() if o["symbol"] == "BRK-C4"]
    assert response.json()["message"] == "Updated brackets for position BRK-C4"
    assert [(o["type"], o["side"], o["stopPrice"], o["limitPrice"]) for o in orders[1:]] == [
        (STOP, SELL, 10.0, None),
        (LIMIT, SELL, None, 500.0),
    ]


def test_brackets_need_the_embedded_body():
    client = TestClient(apiApp)
    response = client.put("/api/v1/broker/positions/BRK-C5/brackets", json={"stopLoss": 10})
    assert response.status_code == 422


def test_order_preview():
    client = TestClient(apiApp)
    body = order_body("BRK-D1", MARKET, BUY, 2000)
    preview = client.post("/api/v1/broker/orders/preview", json=body).json()
    assert [s["header"] for s in preview["sections"]] == ["Order Details", "Cost Analysis"]
    assert {"title": "Order Value", "value": "$200000.00"} in preview["sections"][1]["rows"]
    assert preview["warnings"] == [
        "Market orders execute immediately at current market price",
        "Large order size may experience slippage",
    ]


def test_account_info():
    client = TestClient(apiApp)
    assert client.get("/api/v1/broker/account").json() == {"id": "DEMO-ACCOUNT", "name": "Demo Trading Account"}


def test_leverage_set_and_info():
    client = TestClient(apiApp)
    params = {"symbol": "BRK-E1", "orderType": LIMIT, "side": BUY}
    assert client.get("/api/v1/broker/leverage/info", params=params).json()["leverage"] == 10.0
    assert client.put("/api/v1/broker/leverage/set", json={**params, "leverage": 5}).json() == {"leverage": 5.0}
    assert client.get("/api/v1/broker/leverage/info", params=params).json()["title"] == "Leverage for BRK-E1"
    assert client.get("/api/v1/broker/leverage/info", params=params).json()["leverage"] == 5.0


def test_leverage_out_of_range():
    client = TestClient(apiApp)
    body = {"symbol": "BRK-E2", "orderType": LIMIT, "side": BUY, "leverage": 150}
    rejected = client.put("/api/v1/broker/leverage/set", json=body)
    preview = client.post("/api/v1/broker/leverage/preview", json=body)
    assert (rejected.status_code, rejected.json()) == (400, {"detail": "Leverage cannot exceed 100.0"})
    assert (preview.status_code, preview.json()["errors"]) == (200, ["Leverage cannot exceed 100.0"])


def test_leverage_preview_warns_above_20():
    client = TestClient(apiApp)
    body = {"symbol": "BRK-E3", "orderType": MARKET, "side": SELL, "leverage": 25}
    preview = client.post("/api/v1/broker/leverage/preview", json=body).json()
    assert preview["infos"][0] == "Margin requirement: 4.00%"
    assert preview["warnings"] == ["Moderate leverage (25.0x) increases risk. Ensure adequate risk management."]
