"""GET /versions and GET /version."""

from __future__ import annotations

from fastapi import APIRouter

from trading_api.models import APIMetadata, APIVersion, VersionInfo

DOCUMENTATION_URL = "/api/v1/docs"
SUPPORT_CONTACT = "support@trading-api.example"

_VERSIONS = {
    APIVersion.V1: VersionInfo(version=APIVersion.V1, release_date="2025-10-04", status="stable"),
    APIVersion.V2: VersionInfo(
        version=APIVersion.V2,
        release_date="TBD",
        status="planned",
        breaking_changes=[
            "Authentication required for all endpoints",
            "New response format for error messages",
            "Renamed health endpoint to status",
        ],
    ),
}


def version_info(version: APIVersion) -> VersionInfo:
    """Return the release information of `version` (a copy)."""
    return _VERSIONS[version].model_copy(deep=True)


class VersionApi(APIRouter):
    """The version information routes."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.add_api_route(
            "/versions",
            self.get_versions,
            methods=["GET"],
            response_model=APIMetadata,
            summary="API Versions",
            operation_id="getAPIVersions",
            tags=["versioning"],
        )
        self.add_api_route(
            "/version",
            self.get_current_version,
            methods=["GET"],
            response_model=dict,
            summary="Current API Version",
            operation_id="getCurrentAPIVersion",
            tags=["versioning"],
        )

    async def get_versions(self) -> APIMetadata:
        """List every API version."""
        return APIMetadata(
            current_version=APIVersion.get_latest(),
            available_versions=[version_info(v) for v in APIVersion.get_all()],
            documentation_url=DOCUMENTATION_URL,
            support_contact=SUPPORT_CONTACT,
        )

    async def get_current_version(self) -> dict:
        """Describe the current API version."""
        return version_info(APIVersion.get_latest()).model_dump(mode="json")
