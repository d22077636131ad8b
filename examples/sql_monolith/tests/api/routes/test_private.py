from __future__ import annotations

import json
import os
import subprocess
import sys

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import crud
from app.core.config import settings
from app.main import app
from tests.conftest import PROJECT_ROOT
from tests.utils.utils import random_email


def test_create_user_through_the_private_route(client: TestClient, db: Session) -> None:
    email = random_email()
    r = client.post(
        f"{settings.API_V1_STR}/private/users/",
        json={"email": email, "password": "password123", "full_name": "Pollo Listo"},
    )
    assert r.status_code == 200
    user = crud.get_user_by_email(session=db, email=email)
    assert user is not None
    assert user.full_name == "Pollo Listo"


def _paths_with(environment: str) -> list[str]:
    code = (
        "import json; from app.main import app; print(json.dumps(sorted(app.openapi()['paths'])))"
    )
    env = {**os.environ, "ENVIRONMENT": environment}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_private_route_exists_only_locally() -> None:
    # The routes are chosen at import: this process's app has those of its own environment, a
    # fresh process shows the other side.
    other = "production" if settings.ENVIRONMENT == "local" else "local"
    paths = {settings.ENVIRONMENT: app.openapi()["paths"], other: _paths_with(other)}
    assert f"{settings.API_V1_STR}/private/users/" in paths["local"]
    (elsewhere,) = [paths[name] for name in paths if name != "local"]
    assert f"{settings.API_V1_STR}/private/users/" not in elsewhere
    assert f"{settings.API_V1_STR}/users/" in elsewhere
