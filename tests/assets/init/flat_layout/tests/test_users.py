from fastapi.testclient import TestClient

from app.main import app


def test_me():
    assert TestClient(app).get("/users/me").json() == {"name": "ada"}
