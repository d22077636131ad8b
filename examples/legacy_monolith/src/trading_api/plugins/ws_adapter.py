"""Thin adapter over typed_ws: the only place the app names the WebSocket package."""

from __future__ import annotations

from typing import Protocol

from typed_ws import Client, WSApp, WSRouter

WS_PATH = "/api/v1/ws"
WS_TITLE = "Trading WebSockets"
WS_VERSION = "1.0.0"
WS_DESCRIPTION = (
    "Real-time trading data streaming. Read the documentation to subscribe to specific data feeds."
)

__all__ = ["WS_PATH", "Client", "WSApp", "WSRouter", "build_ws_app"]


class WsSettings(Protocol):
    """The settings the WebSocket layer reads (`config.Settings` has them)."""

    heartbeat_interval: float
    max_connection_lifespan: float
    client_queue_size: int
    overflow_grace: float


def build_ws_app(settings: WsSettings) -> WSApp:
    """Create the WebSocket app of one Trading API instance from its settings."""
    return WSApp(
        title=WS_TITLE,
        version=WS_VERSION,
        description=WS_DESCRIPTION,
        heartbeat_interval=settings.heartbeat_interval,
        max_connection_lifespan=settings.max_connection_lifespan,
        queue_size=settings.client_queue_size,
        overflow_grace=settings.overflow_grace,
    )
