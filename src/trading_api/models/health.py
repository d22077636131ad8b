"""Health check model."""

from __future__ import annotations

from pydantic import BaseModel


class HealthResponse(BaseModel):
    """Body of GET /api/v1/health."""

    status: str
    message: str = "Service is healthy"
    timestamp: str
    api_version: str
    version_info: dict
