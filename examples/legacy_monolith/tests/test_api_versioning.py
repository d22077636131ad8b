"""API versions and the OpenAPI document."""

import pytest
from fastapi.testclient import TestClient
from httpx import ASGITransport, AsyncClient

from trading_api.main import apiApp
from trading_api.models import APIVersion


@pytest.mark.asyncio
async def test_versions_lists_v1_and_v2():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.get("/api/v1/versions")
    assert response.status_code == 200
    body = response.json()
    assert body["current_version"] == "v1"
    assert [v["version"] for v in body["available_versions"]] == ["v1", "v2"]
    assert body["support_contact"] == "support@trading-api.example"


@pytest.mark.asyncio
async def test_v2_is_planned_with_breaking_changes():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.get("/api/v1/versions")
    v2 = response.json()["available_versions"][1]
    assert v2["status"] == "planned"
    assert v2["release_date"] == "TBD"
    assert len(v2["breaking_changes"]) == 3


@pytest.mark.asyncio
async def test_current_version():
    async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as client:
        response = await client.get("/api/v1/version")
    assert response.json() == {
        "version": "v1",
        "release_date": "2025-10-04",
        "status": "stable",
        "breaking_changes": [],
        "deprecation_notice": None,
        "sunset_date": None,
    }


def test_versions_agree_everywhere():
    client = TestClient(apiApp)
    assert client.get("/").json()["current_api_version"] == "v1"
    assert client.get("/api/v1/health").json()["api_version"] == "v1"
    assert client.get("/api/v1/versions").json()["current_version"] == "v1"
    assert client.get("/api/v1/version").json()["version"] == "v1"


def test_api_version_enum():
    assert APIVersion.get_latest() is APIVersion.V1
    assert APIVersion.get_all() == [APIVersion.V1, APIVersion.V2]


def test_openapi_metadata():
    client = TestClient(apiApp)
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Trading API"
    assert doc["info"]["version"] == "1.0.0"
    assert [tag["name"] for tag in doc["tags"]] == ["health", "versioning", "datafeed", "broker"]


def test_openapi_operations_are_tagged_v1_first():
    client = TestClient(apiApp)
    doc = client.get("/api/v1/openapi.json").json()
    operations = [op for path, item in doc["paths"].items() if path.startswith("/api/v1") for op in item.values()]
    assert len(operations) == 22
    assert all(op["tags"][0] == "v1" and len(op["tags"]) == 2 for op in operations)
    assert doc["paths"]["/"]["get"]["tags"] == ["root"]


def test_openapi_has_no_debug_routes():
    client = TestClient(apiApp)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not [path for path in paths if "debug" in path]
    assert "/api/v1/ws/asyncapi.json" not in paths
