"""Order models."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from ..limits import REQUEST_CONFIG, Symbol
from .enums import OrderStatus, OrderType, Side, StopType


class CurrentQuotes(BaseModel):
    """Quotes the client saw when it built an order."""

    model_config = REQUEST_CONFIG

    ask: float
    bid: float


class PreOrder(BaseModel):
    """An order request."""

    model_config = ConfigDict(**REQUEST_CONFIG, use_enum_values=True)

    symbol: Symbol
    type: OrderType
    side: Side
    qty: float = Field(gt=0)
    limitPrice: Optional[float] = None
    stopPrice: Optional[float] = None
    takeProfit: Optional[float] = None
    stopLoss: Optional[float] = None
    guaranteedStop: Optional[float] = None
    trailingStopPips: Optional[float] = None
    stopType: Optional[StopType] = None
    seenPrice: Optional[float] = None
    currentQuotes: Optional[CurrentQuotes] = None


class PlacedOrder(BaseModel):
    """An order held by the broker."""

    model_config = ConfigDict(use_enum_values=True)

    id: str
    symbol: str
    type: OrderType
    side: Side
    qty: float = Field(gt=0)
    status: OrderStatus
    limitPrice: Optional[float] = None
    stopPrice: Optional[float] = None
    takeProfit: Optional[float] = None
    stopLoss: Optional[float] = None
    guaranteedStop: Optional[float] = None
    trailingStopPips: Optional[float] = None
    stopType: Optional[StopType] = None
    filledQty: Optional[float] = None
    avgPrice: Optional[float] = None
    updateTime: Optional[int] = None


class PlaceOrderResult(BaseModel):
    """Body returned by placeOrder."""

    orderId: str


class OrderSubscriptionRequest(BaseModel):
    """Payload of orders.subscribe and orders.unsubscribe."""

    model_config = REQUEST_CONFIG

    accountId: str
