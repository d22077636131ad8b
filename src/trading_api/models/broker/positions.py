"""Position models."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from ..limits import REQUEST_CONFIG
from .enums import Side


class Position(BaseModel):
    """An open position (qty 0 only in the update announcing its close)."""

    model_config = ConfigDict(use_enum_values=True)

    id: str
    symbol: str
    qty: float = Field(ge=0)
    side: Side
    avgPrice: float


class Brackets(BaseModel):
    """Protective prices of a position."""

    model_config = REQUEST_CONFIG

    stopLoss: Optional[float] = None
    guaranteedStop: Optional[float] = None
    takeProfit: Optional[float] = None
    trailingStopPips: Optional[float] = None


class PositionSubscriptionRequest(BaseModel):
    """Payload of positions.subscribe and positions.unsubscribe."""

    model_config = REQUEST_CONFIG

    accountId: str
