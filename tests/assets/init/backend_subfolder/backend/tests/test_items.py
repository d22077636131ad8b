from fastapi.testclient import TestClient

from app.main import app


def test_items():
    assert TestClient(app).get("/api/v1/items/").json() == []
