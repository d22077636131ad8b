"""Leverage models."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict

from ..limits import REQUEST_CONFIG, FiniteObject, Symbol
from .enums import OrderType, Side


class LeverageInfoParams(BaseModel):
    """Parameters of a leverage lookup."""

    model_config = ConfigDict(**REQUEST_CONFIG, use_enum_values=True)

    symbol: Symbol
    orderType: OrderType
    side: Side
    customFields: Optional[FiniteObject] = None


class LeverageSetParams(LeverageInfoParams):
    """Parameters of setLeverage and previewLeverage."""

    leverage: float


class LeverageInfo(BaseModel):
    """Leverage of a symbol and its bounds."""

    title: str
    leverage: float
    min: float
    max: float
    step: float


class LeverageSetResult(BaseModel):
    """Body returned by setLeverage."""

    leverage: float


class LeveragePreviewResult(BaseModel):
    """Body returned by previewLeverage."""

    infos: Optional[list[str]] = None
    warnings: Optional[list[str]] = None
    errors: Optional[list[str]] = None
