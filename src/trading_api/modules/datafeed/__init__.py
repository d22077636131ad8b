"""The datafeed module: symbols, bars and quotes over REST and WebSocket."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Optional

from trading_api.shared.settings import Settings

if TYPE_CHECKING:
    from fastapi import APIRouter

    from trading_api.modules.datafeed.service import DatafeedService
    from trading_api.modules.datafeed.ws import DatafeedWsRouters
    from trading_api.shared.ws.router_interface import WsRouterInterface


class DatafeedModule:
    """Market data: the DatafeedService, its REST routes and its `bars`/`quotes` routes."""

    name = "datafeed"
    openapi_tag: dict[str, Any] = {"name": "datafeed", "description": "Market data and symbols operations"}

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._service: Optional[DatafeedService] = None
        self._ws: Optional[DatafeedWsRouters] = None

    @property
    def service(self) -> DatafeedService:
        """Return the module's service, created on first use."""
        if self._service is None:
            from trading_api.modules.datafeed.service import DatafeedService

            self._service = DatafeedService(self._settings)
        return self._service

    def api_routers(self) -> List[APIRouter]:
        """Return the REST router of the datafeed."""
        from trading_api.modules.datafeed.api import DatafeedApi

        return [DatafeedApi(self.service)]

    def ws_routers(self) -> List[WsRouterInterface]:
        """Return the `bars` and `quotes` routes."""
        if self._ws is None:
            from trading_api.modules.datafeed.ws import DatafeedWsRouters

            self._ws = DatafeedWsRouters(self.service)
        return self._ws.routes

    async def start(self) -> None:
        """Nothing runs until a topic is subscribed."""

    async def stop(self) -> None:
        """Cancel the stream producers."""
        if self._ws is not None:
            for route in self._ws.routes:
                await route.stop()


MODULE_CLASS = DatafeedModule
