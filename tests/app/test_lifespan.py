"""The lifespan checks response models, starts the simulator and stops every task."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi.testclient import TestClient

from trading_api.app_factory import ResponseModelError, create_app, route_paths, routes_without_response_model


def test_every_route_declares_a_response_model(app: Any) -> None:
    assert routes_without_response_model(app) == []
    paths = route_paths(app)
    assert "/api/v1/broker/orders" in paths and not [p for p in paths if "debug" in p or "reset" in p]


def test_startup_fails_listing_routes_without_response_model(app_factory_kwargs: dict) -> None:
    api_app, _ = create_app(["datafeed"], **app_factory_kwargs)

    @api_app.get("/api/v1/extra", response_model=None)
    async def extra() -> None:
        return None

    with pytest.raises(ResponseModelError, match="^These REST routes declare no response model: GET /api/v1/extra\\."):
        with TestClient(api_app):
            pass


async def test_shutdown_cancels_simulator_and_producers(app_factory_kwargs: dict) -> None:
    api_app, ws_app = create_app(**app_factory_kwargs)
    broker = api_app.state.modules["broker"]
    async with api_app.router.lifespan_context(api_app):
        simulator = broker._simulator
        assert simulator is not None and not simulator.done()
        await asyncio.sleep(0.05)
    assert simulator.cancelled() or simulator.done()
    assert broker._simulator is None
    before = {t for t in asyncio.all_tasks() if not t.done()}
    assert not [t for t in before if "producer" in t.get_name() or "simulator" in t.get_name()]
