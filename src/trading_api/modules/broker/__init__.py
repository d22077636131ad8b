"""The broker module: paper trading over REST and WebSocket, with a fill simulator."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any, List, Optional

from trading_api.shared.settings import Settings

if TYPE_CHECKING:
    from fastapi import APIRouter

    from trading_api.modules.broker.service import BrokerService
    from trading_api.modules.broker.ws import BrokerWsRouters
    from trading_api.shared.ws.router_interface import WsRouterInterface


class BrokerModule:
    """Paper trading: the BrokerService, its REST routes, its five routes and its simulator."""

    name = "broker"
    openapi_tag: dict[str, Any] = {
        "name": "broker",
        "description": "Broker operations (orders, positions, executions)",
    }

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._service: Optional[BrokerService] = None
        self._ws: Optional[BrokerWsRouters] = None
        self._simulator: Optional[asyncio.Task[None]] = None

    @property
    def service(self) -> BrokerService:
        """Return the module's service, created on first use."""
        if self._service is None:
            from trading_api.modules.broker.service import BrokerService

            self._service = BrokerService(self._settings)
            if self._ws is not None:
                self._service.set_publisher(self._ws.publish)
        return self._service

    def api_routers(self) -> List[APIRouter]:
        """Return the REST router of the broker."""
        from trading_api.modules.broker.api import BrokerApi

        return [BrokerApi(self.service)]

    def ws_routers(self) -> List[WsRouterInterface]:
        """Return the five broker routes; the service publishes through them."""
        if self._ws is None:
            from trading_api.modules.broker.ws import BrokerWsRouters

            self._ws = BrokerWsRouters(self.service)
            self.service.set_publisher(self._ws.publish)
        return self._ws.routes

    async def start(self) -> None:
        """Start the fill simulator."""
        if self._simulator is None or self._simulator.done():
            loop = asyncio.get_running_loop()
            self._simulator = loop.create_task(self.service.run_fill_simulator(), name="broker simulator")

    async def stop(self) -> None:
        """Cancel the simulator and the routes' producers."""
        if self._simulator is not None:
            self._simulator.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._simulator
            self._simulator = None
        if self._ws is not None:
            for route in self._ws.routes:
                await route.stop()


MODULE_CLASS = BrokerModule
