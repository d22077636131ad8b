"""WebSocket routes of the datafeed: `bars` and `quotes`."""

from __future__ import annotations

from typing import TYPE_CHECKING, List

from ..models import (
    Bar,
    BarsSubscriptionRequest,
    QuoteData,
    QuoteDataSubscriptionRequest,
)
from .generic_route import SubscriptionRoute
from .router_interface import WsRouterInterface

if TYPE_CHECKING:
    from ..core.datafeed_service import DatafeedService

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
