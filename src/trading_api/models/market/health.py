"""Datafeed health model."""

from __future__ import annotations

from pydantic import BaseModel


class DatafeedHealthResponse(BaseModel):
    """Body of GET /api/v1/datafeed/health."""

    status: str
    message: str
    symbols_loaded: int
    bars_count: int
    timestamp: str
