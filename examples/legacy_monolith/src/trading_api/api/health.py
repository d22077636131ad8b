"""GET /health."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from trading_api.models import APIVersion, HealthResponse


def utc_now_iso() -> str:
    """Return the current UTC time as ISO-8601 ending in `Z`."""
    return dt.datetime.now(dt.timezone.utc).isoformat().replace("+00:00", "Z")


class HealthApi(APIRouter):
    """The health check route."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.add_api_route(
            "/health",
            self.get_health,
            methods=["GET"],
            response_model=HealthResponse,
            summary="Health Check",
            operation_id="getHealthStatus",
            tags=["health"],
        )

    async def get_health(self) -> HealthResponse:
        """Report that the API is running."""
        from trading_api.api.versions import version_info  # deferred import, as in the original code

        current = APIVersion.get_latest()
        info = version_info(current).model_dump(
            mode="json", include={"version", "release_date", "status", "deprecation_notice"}
        )
        return HealthResponse(
            status="ok",
            message="Trading API is running",
            timestamp=utc_now_iso(),
            api_version=current.value,
            version_info=info,
        )
