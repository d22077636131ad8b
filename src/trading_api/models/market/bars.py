"""Bar models."""

from __future__ import annotations

from typing import List

from pydantic import BaseModel, Field

from ..limits import REQUEST_CONFIG, Symbol


class Bar(BaseModel):
    """One OHLCV bar."""

    time: int = Field(description="Bar open time, Unix time in milliseconds (UTC)")
    open: float
    high: float
    low: float
    close: float
    volume: int = 0


class GetBarsResponse(BaseModel):
    """Body of GET /api/v1/datafeed/bars."""

    bars: List[Bar]
    no_data: bool = False


class BarsSubscriptionRequest(BaseModel):
    """Payload of bars.subscribe and bars.unsubscribe."""

    model_config = REQUEST_CONFIG

    symbol: Symbol
    resolution: str
