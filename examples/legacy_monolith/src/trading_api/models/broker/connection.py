"""Broker connection models."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel

from ..limits import REQUEST_CONFIG


class BrokerConnectionStatus(BaseModel):
    """Connection state announced on the broker-connection route."""

    status: int
    message: Optional[str] = None
    disconnectType: Optional[int] = None
    timestamp: int


class BrokerConnectionSubscriptionRequest(BaseModel):
    """Payload of broker-connection.subscribe and broker-connection.unsubscribe."""

    model_config = REQUEST_CONFIG

    accountId: str
