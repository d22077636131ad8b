"""Health and version routers and the error handler on a bare FastAPI app."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from trading_api.models import APIVersion
from trading_api.shared.api.health import HealthApi
from trading_api.shared.api.versions import VersionApi
from trading_api.shared.errors import AppError, NotFoundError, install_error_handlers


def bare_app() -> FastAPI:
    app = FastAPI()
    app.include_router(HealthApi(), prefix="/api/v1", tags=["v1"])
    app.include_router(VersionApi(), prefix="/api/v1", tags=["v1"])
    install_error_handlers(app)

    @app.get("/boom", response_model=dict)
    async def boom() -> dict:
        raise NotFoundError("Thing X not found")

    return app


async def test_health_and_versions() -> None:
    transport = httpx.ASGITransport(app=bare_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        health = (await http.get("/api/v1/health")).json()
        assert health["status"] == "ok" and health["message"] == "Trading API is running"
        assert health["api_version"] == "v1" and health["timestamp"].endswith("Z")
        assert health["version_info"] == {
            "version": "v1", "release_date": "2025-10-04", "status": "stable", "deprecation_notice": None,
        }
        versions = (await http.get("/api/v1/versions")).json()
        assert versions["current_version"] == "v1"
        assert [v["version"] for v in versions["available_versions"]] == ["v1", "v2"]
        assert versions["available_versions"][1]["breaking_changes"][2] == "Renamed health endpoint to status"
        assert (versions["documentation_url"], versions["support_contact"]) == (
            "/api/v1/docs", "support@trading-api.example",
        )
        assert (await http.get("/api/v1/version")).json() == {
            "version": "v1", "release_date": "2025-10-04", "status": "stable",
            "breaking_changes": [], "deprecation_notice": None, "sunset_date": None,
        }
        boom = await http.get("/boom")
        assert (boom.status_code, boom.json()) == (404, {"detail": "Thing X not found"})
    assert APIVersion.get_latest() is APIVersion.V1 and len(APIVersion.get_all()) == 2


def test_error_classes() -> None:
    assert AppError("x").status_code == 400 and NotFoundError("x").status_code == 404
    assert str(NotFoundError("Position P not found")) == "Position P not found"
