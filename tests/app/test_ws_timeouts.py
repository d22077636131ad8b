"""Heartbeat timeouts close with 1003 and the configured values (TRADING_API.md 5.1, 5.7)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from trading_api.app_factory import create_app


def test_silent_client_is_closed_after_the_heartbeat(app_factory_kwargs: dict[str, Any]) -> None:
    settings = app_factory_kwargs["settings"].with_overrides(heartbeat_interval=0.2, max_connection_lifespan=60)
    api_app, _ = create_app(["datafeed"], settings=settings)
    with TestClient(api_app) as client, client.websocket_connect("/api/v1/ws") as ws:
        with pytest.raises(WebSocketDisconnect) as info:
            ws.receive_json()
    assert info.value.code == 1003
    assert info.value.reason == "Connection timed out. Heartbeat interval 0.2. Max connection lifespan 60.0"


def test_messages_keep_the_connection_alive(app_factory_kwargs: dict[str, Any]) -> None:
    settings = app_factory_kwargs["settings"].with_overrides(heartbeat_interval=0.5)
    api_app, _ = create_app(["broker"], settings=settings)
    request = {"type": "orders.subscribe", "payload": {"accountId": "DEMO-ACCOUNT"}}
    with TestClient(api_app) as client, client.websocket_connect("/api/v1/ws") as ws:
        for _ in range(3):  # idempotent re-subscribes are a valid keep-alive
            ws.send_json(request)
            assert ws.receive_json()["payload"]["status"] == "ok"
