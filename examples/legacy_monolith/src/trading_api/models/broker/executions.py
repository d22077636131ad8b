"""Execution models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..limits import REQUEST_CONFIG
from .enums import Side


class Execution(BaseModel):
    """One fill."""

    model_config = ConfigDict(use_enum_values=True)

    symbol: str
    price: float
    qty: float = Field(gt=0)
    side: Side
    time: int


class ExecutionSubscriptionRequest(BaseModel):
    """Payload of executions.subscribe and executions.unsubscribe."""

    model_config = REQUEST_CONFIG

    accountId: str
