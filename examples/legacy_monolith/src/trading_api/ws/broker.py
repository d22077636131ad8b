"""WebSocket routes of the broker: orders, positions, executions, equity, broker-connection."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List

from pydantic import BaseModel

from trading_api.models import (
    BrokerConnectionStatus,
    BrokerConnectionSubscriptionRequest,
    EquityData,
    EquitySubscriptionRequest,
    Execution,
    ExecutionSubscriptionRequest,
    OrderSubscriptionRequest,
    PlacedOrder,
    Position,
    PositionSubscriptionRequest,
)
from trading_api.ws.generic_route import SubscriptionRoute, build_topic
from trading_api.ws.router_interface import WsRouterInterface

if TYPE_CHECKING:
    from ..core import broker_service

TAG = "broker"


class BrokerWsRouters:
    """The broker's WebSocket routes; `publish` delivers the service's updates per account."""

    def __init__(self, service: broker_service.BrokerService) -> None:
        def validate(request: BaseModel) -> str | None:
            return service.subscription_error(request.accountId)  # type: ignore[attr-defined]

        def announce(request: BrokerConnectionSubscriptionRequest, topic: str) -> List[BaseModel]:
            return [service.connection_status(request.accountId)]

        specs = [
            ("orders", OrderSubscriptionRequest, PlacedOrder),
            ("positions", PositionSubscriptionRequest, Position),
            ("executions", ExecutionSubscriptionRequest, Execution),
            ("equity", EquitySubscriptionRequest, EquityData),
            ("broker-connection", BrokerConnectionSubscriptionRequest, BrokerConnectionStatus),
        ]
        self._routes: Dict[str, SubscriptionRoute] = {
            route: SubscriptionRoute(
                route,
                tag=TAG,
                request_model=request_model,
                data_model=data_model,
                validate=validate,
                on_start=announce if route == "broker-connection" else None,
            )
            for route, request_model, data_model in specs
        }
        self._request_models = {route: request_model for route, request_model, _ in specs}

    @property
    def routes(self) -> List[WsRouterInterface]:
        """Return the routes in documentation order."""
        return list(self._routes.values())

    def publish(self, account_id: str, route: str, model: BaseModel) -> None:
        """Deliver one update of `account_id` to that account's topic of `route`."""
        request = self._request_models[route](accountId=account_id)
        self._routes[route].publish(build_topic(route, request), model)
