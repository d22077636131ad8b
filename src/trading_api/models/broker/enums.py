"""Broker enums (integers on the wire)."""

from __future__ import annotations

from enum import IntEnum


class OrderStatus(IntEnum):
    """Lifecycle status of an order."""

    CANCELED = 1
    FILLED = 2
    INACTIVE = 3
    PLACING = 4
    REJECTED = 5
    WORKING = 6


class OrderType(IntEnum):
    """Kind of order."""

    LIMIT = 1
    MARKET = 2
    STOP = 3
    STOP_LIMIT = 4


class Side(IntEnum):
    """Direction of an order or position."""

    BUY = 1
    SELL = -1


class StopType(IntEnum):
    """Kind of stop attached to an order."""

    STOP_LOSS = 0
    TRAILING_STOP = 1
    GUARANTEED_STOP = 2
