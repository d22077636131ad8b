"""Write the OpenAPI document: `python -m trading_api.scripts.export_openapi_spec [PATH]`."""

from __future__ import annotations

from typing import Any, Optional, Sequence

from trading_api.scripts._common import run_export


def build_openapi() -> dict[str, Any]:
    """Return the OpenAPI document the app serves at /api/v1/openapi.json."""
    from trading_api.main import apiApp

    return apiApp.openapi()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Export the OpenAPI document; return the exit code."""
    return run_export(argv, "openapi.json", build_openapi)


if __name__ == "__main__":
    raise SystemExit(main())
