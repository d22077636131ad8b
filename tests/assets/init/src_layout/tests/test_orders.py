from fastapi.testclient import TestClient

from shop.main import app


def test_read_order():
    assert TestClient(app).get("/orders/1").json() == {"id": 1, "total": 3}
