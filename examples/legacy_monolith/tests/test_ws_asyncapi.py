"""The AsyncAPI document of the whole app: every route of every feature, served as JSON."""

from fastapi.testclient import TestClient

from trading_api.main import apiApp


def test_asyncapi_document_is_served():
    client = TestClient(apiApp)
    doc = client.get("/api/v1/ws/asyncapi.json").json()
    assert doc["asyncapi"] == "3.0.0"
    assert len(doc["operations"]) == 21
    assert len(doc["components"]["messages"]) == 35
