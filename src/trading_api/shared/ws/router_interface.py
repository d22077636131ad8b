"""The shape every WebSocket route of the app has."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from trading_api.shared.plugins.ws_adapter import WSApp, WSRouter


@runtime_checkable
class WsRouterInterface(Protocol):
    """A WebSocket route: its typed_ws router plus the producers behind its topics."""

    route: str
    """Route name, the prefix of its message types and topics (e.g. `bars`)."""

    router: WSRouter
    """The typed_ws router declaring `<route>.subscribe`, `.unsubscribe` and `.update`."""

    def attach(self, ws_app: WSApp) -> None:
        """Bind the route to the app that delivers its updates and watch its topics.

        Args:
            ws_app: the WebSocket app that includes `router`.
        """

    async def stop(self) -> None:
        """Cancel every producer task of the route."""
