"""Broker models."""

from .account import AccountMetainfo, EquityData, EquitySubscriptionRequest, SuccessResponse
from .connection import BrokerConnectionStatus, BrokerConnectionSubscriptionRequest
from .enums import OrderStatus, OrderType, Side, StopType
from .executions import Execution, ExecutionSubscriptionRequest
from .leverage import (
    LeverageInfo,
    LeverageInfoParams,
    LeveragePreviewResult,
    LeverageSetParams,
    LeverageSetResult,
)
from .orders import CurrentQuotes, OrderSubscriptionRequest, PlacedOrder, PlaceOrderResult, PreOrder
from .positions import Brackets, Position, PositionSubscriptionRequest
from .preview import OrderPreviewResult, OrderPreviewSection, OrderPreviewSectionRow

__all__ = [
    "AccountMetainfo",
    "Brackets",
    "BrokerConnectionStatus",
    "BrokerConnectionSubscriptionRequest",
    "CurrentQuotes",
    "EquityData",
    "EquitySubscriptionRequest",
    "Execution",
    "ExecutionSubscriptionRequest",
    "LeverageInfo",
    "LeverageInfoParams",
    "LeveragePreviewResult",
    "LeverageSetParams",
    "LeverageSetResult",
    "OrderPreviewResult",
    "OrderPreviewSection",
    "OrderPreviewSectionRow",
    "OrderStatus",
    "OrderSubscriptionRequest",
    "OrderType",
    "PlaceOrderResult",
    "PlacedOrder",
    "Position",
    "PositionSubscriptionRequest",
    "PreOrder",
    "Side",
    "StopType",
    "SuccessResponse",
]
