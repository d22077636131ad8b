"""Models shared by every WebSocket route."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel

DataT = TypeVar("DataT", bound=BaseModel)


class SubscriptionResponse(BaseModel):
    """Reply to a subscribe or unsubscribe request."""

    status: Literal["ok", "error"]
    message: str
    topic: str


class SubscriptionUpdate(BaseModel, Generic[DataT]):
    """One update published to the holders of a topic."""

    topic: str
    payload: DataT
