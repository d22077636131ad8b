"""The app is composed per call, from the enabled modules only (ARCHITECTURE.md 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from trading_api.app_factory import create_app
from trading_api.shared.module_registry import ModuleSelectionError

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "ENABLED_MODULES"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env, cwd=cwd or REPO_ROOT, timeout=60
    )


async def get(app: Any, path: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        return await http.get(path)


async def test_datafeed_only_app_404s_broker_routes(module_app: Any) -> None:
    app = module_app("datafeed")
    assert (await get(app, "/api/v1/broker/orders")).status_code == 404
    assert (await get(app, "/api/v1/broker/account")).status_code == 404
    assert (await get(app, "/api/v1/datafeed/config")).status_code == 200
    paths = app.openapi()["paths"]
    assert not any(p.startswith("/api/v1/broker") for p in paths)
    messages = app.state.ws_app.asyncapi()["components"]["messages"]
    assert sorted({m.split(".")[0] for m in messages}) == ["bars", "quotes"]


async def test_broker_only_app_404s_datafeed_routes(module_app: Any) -> None:
    app = module_app("broker")
    assert (await get(app, "/api/v1/datafeed/config")).status_code == 404
    assert (await get(app, "/api/v1/broker/account")).status_code == 200


async def test_no_modules_serves_health_and_versions_only(app_factory_kwargs: dict) -> None:
    api_app, ws_app = create_app([], **app_factory_kwargs)
    assert sorted(api_app.openapi()["paths"]) == ["/", "/api/v1/health", "/api/v1/version", "/api/v1/versions"]
    assert (await get(api_app, "/api/v1/health")).status_code == 200
    assert (await get(api_app, "/api/v1/datafeed/config")).status_code == 404
    assert (await get(api_app, "/")).json()["websockets"] == {}
    assert ws_app.asyncapi()["components"]["messages"] == {}


@pytest.mark.parametrize(("enabled", "forbidden"), [("datafeed", "broker"), ("broker", "datafeed")])
def test_disabled_module_is_never_imported(enabled: str, forbidden: str) -> None:
    code = (
        "import sys, json\n"
        "from fastapi.testclient import TestClient\n"
        "from trading_api.main import app\n"
        "with TestClient(app) as c:\n"
        "    c.get('/api/v1/health')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('trading_api.modules.'))))\n"
    )
    result = run_python(code, env={"ENABLED_MODULES": enabled})
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert f"trading_api.modules.{enabled}" in loaded
    assert not [m for m in loaded if m.startswith(f"trading_api.modules.{forbidden}")]


def test_two_apps_share_no_state(app_factory_kwargs: dict) -> None:
    from fastapi.testclient import TestClient

    first, first_ws = create_app(**app_factory_kwargs)
    second, second_ws = create_app(**app_factory_kwargs)
    assert first_ws is not second_ws
    assert first.state.modules["broker"].service is not second.state.modules["broker"].service
    order = {"symbol": "TEST", "type": 1, "side": 1, "qty": 1, "limitPrice": 1}
    with TestClient(first) as a, TestClient(second) as b:
        assert a.post("/api/v1/broker/orders", json=order).json() == {"orderId": "ORDER-1"}
        assert a.post("/api/v1/broker/orders", json=order).json() == {"orderId": "ORDER-2"}
        assert b.get("/api/v1/broker/orders").json() == []
        assert b.post("/api/v1/broker/orders", json=order).json() == {"orderId": "ORDER-1"}
        quote = {"symbols": ["AAPL"]}
        assert a.post("/api/v1/datafeed/quotes", json=quote).json() == b.post("/api/v1/datafeed/quotes", json=quote).json()


def test_unknown_module_in_create_app(app_factory_kwargs: dict) -> None:
    with pytest.raises(ModuleSelectionError, match="^Unknown module 'brokr' in enabled_modules. Known: broker, datafeed. Did you mean 'broker'\\?$"):
        create_app(["brokr"], **app_factory_kwargs)
    with pytest.raises(ModuleSelectionError, match="listed twice"):
        create_app(["datafeed", "datafeed"], **app_factory_kwargs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("brokr", "Unknown module 'brokr' in ENABLED_MODULES. Known: broker, datafeed. Did you mean 'broker'?"),
        ("", "ENABLED_MODULES='' selects no module. Known: broker, datafeed."),
        ("datafeed,datafeed", "Module 'datafeed' is listed twice in ENABLED_MODULES. Known: broker, datafeed."),
    ],
)
def test_enabled_modules_errors_at_startup(value: str, expected: str) -> None:
    result = run_python("import trading_api.main", env={"ENABLED_MODULES": value})
    assert result.returncode != 0
    assert expected in result.stderr


def test_main_exports(app_factory_kwargs: dict) -> None:
    result = run_python(
        "import trading_api.main as m\n"
        "print(m.app is m.apiApp, type(m.wsApp).__name__, m.enabled_modules)\n",
        env={"ENABLED_MODULES": "datafeed,broker"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True WSApp ['datafeed', 'broker']"


def test_building_and_starting_writes_no_files(tmp_path: Path) -> None:
    code = (
        "from fastapi.testclient import TestClient\n"
        "from trading_api.main import app\n"
        "with TestClient(app) as c:\n"
        "    assert c.get('/api/v1/health').status_code == 200\n"
    )
    result = run_python(code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []
