"""API version models."""

from __future__ import annotations

from enum import Enum
from typing import List, Optional

from pydantic import BaseModel


class APIVersion(str, Enum):
    """Versions of the REST API."""

    V1 = "v1"
    V2 = "v2"

    @classmethod
    def get_latest(cls) -> APIVersion:
        """Return the current version."""
        return cls.V1

    @classmethod
    def get_all(cls) -> List[APIVersion]:
        """Return every version, oldest first."""
        return [cls.V1, cls.V2]


class VersionInfo(BaseModel):
    """Release information of one API version."""

    version: APIVersion
    release_date: str
    status: str
    breaking_changes: List[str] = []
    deprecation_notice: Optional[str] = None
    sunset_date: Optional[str] = None


class APIMetadata(BaseModel):
    """Body of GET /api/v1/versions."""

    current_version: APIVersion
    available_versions: List[VersionInfo]
    documentation_url: str
    support_contact: str
