"""Broker REST routes through httpx + ASGITransport, with the lifespan (fill simulator) running."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

B = "/api/v1/broker"


@pytest.fixture
async def http(broker_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with broker_app.router.lifespan_context(broker_app):
        transport = httpx.ASGITransport(app=broker_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def wait_for(check: Callable[[], Awaitable[Any]], what: str) -> Any:
    """Poll `check` until it returns something truthy; the simulator ticks every 10 ms."""
    for _ in range(500):
        result = await check()
        if result:
            return result
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


async def place(http: httpx.AsyncClient, **order: Any) -> str:
    response = await http.post(f"{B}/orders", json={"symbol": "TEST", **order})
    assert response.status_code == 200, response.text
    return response.json()["orderId"]


async def order_status(http: httpx.AsyncClient, order_id: str) -> int:
    orders = (await http.get(f"{B}/orders")).json()
    return next(o["status"] for o in orders if o["id"] == order_id)


async def filled(http: httpx.AsyncClient, order_id: str) -> None:
    async def check() -> bool:
        return await order_status(http, order_id) == 2

    await wait_for(check, f"{order_id} to fill")


async def only_position(http: httpx.AsyncClient) -> tuple[int, float, float]:
    (p,) = (await http.get(f"{B}/positions")).json()
    return p["side"], p["qty"], p["avgPrice"]


async def test_accounting_scenario(http: httpx.AsyncClient) -> None:
    await filled(http, await place(http, type=1, side=1, qty=10, limitPrice=150))
    assert await only_position(http) == (1, 10.0, 150.0)
    await filled(http, await place(http, type=3, side=-1, qty=4, stopPrice=160))
    assert await only_position(http) == (1, 6.0, 150.0)
    await filled(http, await place(http, type=3, side=-1, qty=10, stopPrice=160))
    assert await only_position(http) == (-1, 4.0, 160.0)
    executions = (await http.get(f"{B}/executions/TEST")).json()
    assert [(e["price"], e["qty"], e["side"]) for e in executions] == [(150.0, 10.0, 1), (160.0, 4.0, -1), (160.0, 10.0, -1)]
    assert (await http.get(f"{B}/executions/test")).json() == []


async def test_order_lifecycle_errors(http: httpx.AsyncClient) -> None:
    missing = await http.post(f"{B}/orders", json={"symbol": "TEST", "type": 1, "side": 1, "qty": 1})
    assert (missing.status_code, missing.json()) == (400, {"detail": "LIMIT orders require a limit price"})
    working = await place(http, type=1, side=1, qty=1, limitPrice=50)
    modified = await http.put(f"{B}/orders/{working}", json={"symbol": "TEST", "type": 1, "side": 1, "qty": 2, "limitPrice": 51})
    assert modified.json() == {"success": True, "message": "Operation completed successfully"}
    assert (await http.get(f"{B}/orders")).json()[0]["qty"] == 2.0
    market = await place(http, type=2, side=1, qty=1)
    await filled(http, market)
    cancel = await http.delete(f"{B}/orders/{market}")
    assert (cancel.status_code, cancel.json()) == (400, {"detail": f"Cannot cancel order {market} with status FILLED"})
    modify = await http.put(f"{B}/orders/{market}", json={"symbol": "TEST", "type": 2, "side": 1, "qty": 1})
    assert (modify.status_code, modify.json()) == (400, {"detail": f"Cannot modify order {market} with status FILLED"})
    assert (await http.delete(f"{B}/orders/ORDER-999")).json() == {"detail": "Order ORDER-999 not found"}
    assert (await http.delete(f"{B}/orders/{working}")).status_code == 200
    assert await order_status(http, working) == 1
    assert (await http.post(f"{B}/orders", json={"symbol": "T", "type": 2, "side": 1, "qty": 0})).status_code == 422
    assert (await http.post(f"{B}/orders", json={"symbol": "T", "type": 9, "side": 1, "qty": 1})).status_code == 422


async def test_positions_close_and_brackets(http: httpx.AsyncClient) -> None:
    assert (await http.delete(f"{B}/positions/TEST")).json() == {"detail": "Position TEST not found"}
    brackets_missing = await http.put(f"{B}/positions/TEST/brackets", json={"brackets": {"stopLoss": 1}})
    assert brackets_missing.status_code == 404
    await filled(http, await place(http, type=2, side=1, qty=4))
    zero = await http.delete(f"{B}/positions/TEST", params={"amount": 0})
    assert (zero.status_code, zero.json()) == (400, {"detail": "Amount must be positive"})
    big = await http.delete(f"{B}/positions/TEST", params={"amount": 5})
    assert big.json() == {"detail": "Amount 5.0 exceeds position quantity 4.0"}
    flat = await http.put(f"{B}/positions/TEST/brackets", json={"stopLoss": 1.0})
    assert flat.status_code == 422
    ok = await http.put(f"{B}/positions/TEST/brackets", json={"brackets": {"stopLoss": 1.0}, "customFields": None})
    assert ok.json() == {"success": True, "message": "Updated brackets for position TEST"}
    partial = await http.delete(f"{B}/positions/TEST", params={"amount": 1})
    assert partial.json()["message"] == "Partially closed position TEST (1.0 units)"

    async def three_left() -> bool:
        return (await only_position(http))[1] == 3.0

    await wait_for(three_left, "the partial close to fill")
    closed = await http.delete(f"{B}/positions/TEST")
    assert closed.json()["message"] == "Closed position TEST"

    async def no_position() -> bool:
        return (await http.get(f"{B}/positions")).json() == []

    await wait_for(no_position, "the position to close")


async def test_account_preview_and_leverage(http: httpx.AsyncClient) -> None:
    assert (await http.get(f"{B}/account")).json() == {"id": "DEMO-ACCOUNT", "name": "Demo Trading Account"}
    preview = (await http.post(f"{B}/orders/preview", json={"symbol": "X", "type": 2, "side": 1, "qty": 1})).json()
    assert preview["warnings"] == ["Market orders execute immediately at current market price"]
    assert [s["header"] for s in preview["sections"]] == ["Order Details", "Cost Analysis"]
    info = await http.get(f"{B}/leverage/info", params={"symbol": "AAPL", "orderType": 1, "side": -1})
    assert info.json() == {"title": "Leverage for AAPL", "leverage": 10.0, "min": 1.0, "max": 100.0, "step": 1.0}
    assert (await http.get(f"{B}/leverage/info", params={"symbol": "AAPL"})).status_code == 422
    params = {"symbol": "AAPL", "orderType": 1, "side": 1}
    too_high = await http.put(f"{B}/leverage/set", json={**params, "leverage": 150})
    assert (too_high.status_code, too_high.json()) == (400, {"detail": "Leverage cannot exceed 100.0"})
    assert (await http.put(f"{B}/leverage/set", json={**params, "leverage": 20})).json() == {"leverage": 20.0}
    info = await http.get(f"{B}/leverage/info", params={"symbol": "AAPL", "orderType": 2, "side": 1})
    assert info.json()["leverage"] == 20.0
    preview_high = await http.post(f"{B}/leverage/preview", json={**params, "leverage": 150})
    assert (preview_high.status_code, preview_high.json()) == (
        200, {"infos": None, "warnings": None, "errors": ["Leverage cannot exceed 100.0"]},
    )


async def test_market_order_fills_without_websocket_clients(http: httpx.AsyncClient, broker_app: Any) -> None:
    ws_app = broker_app.state.ws_app
    assert ws_app.clients == []
    order_id = await place(http, symbol="AAPL", type=2, side=1, qty=1)
    await filled(http, order_id)
    service = broker_app.state.modules["broker"].service
    (execution,) = (await http.get(f"{B}/executions/AAPL")).json()
    assert execution["price"] > 0 and service.last_price("AAPL") is not None
    equity = service.get_equity()
    assert equity.equity == round(equity.balance + equity.unrealizedPL, 2)
