"""WebSocket routes of the datafeed: `bars` and `quotes`."""

from __future__ import annotations

from typing import List

from trading_api.models import (
    Bar,
    BarsSubscriptionRequest,
    QuoteData,
    QuoteDataSubscriptionRequest,
)
from trading_api.modules.datafeed.service import DatafeedService
from trading_api.shared.ws.generic_route import SubscriptionRoute
from trading_api.shared.ws.router_interface import WsRouterInterface

TAG = "datafeed"


class DatafeedWsRouters:
    """The datafeed's WebSocket routes, with producers drawing from one DatafeedService."""

    def __init__(self, service: DatafeedService) -> None:
        interval = service.settings.stream_interval
        self.bars = SubscriptionRoute(
            "bars",
            tag=TAG,
            request_model=BarsSubscriptionRequest,
            data_model=Bar,
            validate=service.bars_subscription_error,
            stream=service.bars_stream,
            interval=interval,
        )
        self.quotes = SubscriptionRoute(
            "quotes",
            tag=TAG,
            request_model=QuoteDataSubscriptionRequest,
            data_model=QuoteData,
            validate=service.quotes_subscription_error,
            stream=lambda request, topic: service.quotes_stream(request),
            interval=interval,
        )

    @property
    def routes(self) -> List[WsRouterInterface]:
        """Return the routes in documentation order."""
        return [self.bars, self.quotes]
