"""Account, equity and generic result models."""

from __future__ import annotations

from pydantic import BaseModel

from ..limits import REQUEST_CONFIG


class AccountMetainfo(BaseModel):
    """Identity of the REST account."""

    id: str
    name: str


class EquityData(BaseModel):
    """Money of an account."""

    equity: float
    balance: float
    unrealizedPL: float
    realizedPL: float


class SuccessResponse(BaseModel):
    """Body of successful state-changing broker calls."""

    success: bool = True
    message: str = "Operation completed successfully"


class EquitySubscriptionRequest(BaseModel):
    """Payload of equity.subscribe and equity.unsubscribe."""

    model_config = REQUEST_CONFIG

    accountId: str
