from fastapi.testclient import TestClient

from tinyapp.main import app


def test_health():
    assert TestClient(app).get("/health").json() == {"status": "ok"}


def test_greet():
    assert TestClient(app).get("/greet/ada").json() == {"message": "hello ada"}
