from __future__ import annotations

from app.core.config import settings
from app.main import app


def _operations() -> dict[str, dict[str, object]]:
    spec = app.openapi()
    return {
        f"{method.upper()} {path}": operation
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    }


def test_operation_ids_are_tag_and_function_name() -> None:
    operations = _operations()
    assert operations[f"GET {settings.API_V1_STR}/items/"]["operationId"] == "items-read_items"
    assert operations[f"POST {settings.API_V1_STR}/login/access-token"]["operationId"] == (
        "login-login_access_token"
    )
    for operation in operations.values():
        tag = operation["tags"][0]  # type: ignore[index]
        assert str(operation["operationId"]).startswith(f"{tag}-")


def test_operation_ids_are_unique() -> None:
    ids = [op["operationId"] for op in _operations().values()]
    assert len(ids) == len(set(ids))


def test_every_route_is_documented() -> None:
    operations = _operations()
    assert len(operations) == (23 if settings.ENVIRONMENT == "local" else 22)
    tags = {tuple(op["tags"]) for op in operations.values()}  # type: ignore[arg-type]
    assert tags - {("private",)} == {("items",), ("login",), ("users",), ("utils",)}
