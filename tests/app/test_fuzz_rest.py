"""Schemathesis against the ASGI app: nothing a client can send produces a 5xx."""

from __future__ import annotations

import datetime as dt

import schemathesis
from hypothesis import HealthCheck, Phase, settings

from trading_api.app_factory import create_app
from trading_api.shared.settings import Settings

_SETTINGS = Settings.from_env(env={}, seed=42, anchor_date=dt.date(2025, 1, 15), fill_delay=0.0, tick_interval=0.01)
# One app for the whole module: schemathesis loads the schema when the module is collected.
API_APP, _ = create_app(settings=_SETTINGS)
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", API_APP)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text}"
