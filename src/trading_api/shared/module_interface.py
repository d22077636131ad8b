"""The Module protocol: what a feature module gives the app factory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, Sequence, runtime_checkable

if TYPE_CHECKING:
    from fastapi import APIRouter

    from trading_api.shared.ws.router_interface import WsRouterInterface


@runtime_checkable
class Module(Protocol):
    """A feature module. One instance per app; it holds no app and starts nothing on creation.

    A module package `trading_api.modules.<name>` exposes its class as `MODULE_CLASS`; the
    class is called as `MODULE_CLASS(settings)`.
    """

    name: str
    """The module name, equal to its package name."""

    openapi_tag: dict[str, Any]
    """The OpenAPI tag the module's routes use: `{"name": ..., "description": ...}`."""

    def api_routers(self) -> Sequence[APIRouter]:
        """Build the module's REST routers.

        Returns:
            Routers with paths relative to `/api/v1` (e.g. prefix `/<name>`).
        """

    def ws_routers(self) -> Sequence[WsRouterInterface]:
        """Build the module's WebSocket routes, in the order they are documented.

        Returns:
            Routes to include in the app's WebSocket app and attach to it.
        """

    async def start(self) -> None:
        """Start the module's long-lived tasks (called by the lifespan, inside the loop)."""

    async def stop(self) -> None:
        """Cancel the module's tasks and producers (called when the lifespan ends)."""

