"""Write the AsyncAPI document: `python -m trading_api.scripts.export_asyncapi_spec [PATH]`."""

from __future__ import annotations

from typing import Any, List, Optional, Sequence

from trading_api.scripts._common import ExportError, run_export


def optional_subscription_fields(doc: dict[str, Any]) -> List[str]:
    """Return `Schema.property` for each non-required property of a *SubscriptionRequest* schema."""
    problems = []
    schemas = doc.get("components", {}).get("schemas", {})
    for name in sorted(schemas):
        if "SubscriptionRequest" not in name:
            continue
        schema = schemas[name]
        required = set(schema.get("required", []))
        problems.extend(f"{name}.{prop}" for prop in sorted(schema.get("properties", {})) if prop not in required)
    return problems


def build_asyncapi() -> dict[str, Any]:
    """Return the AsyncAPI document, refusing subscription requests with optional fields."""
    from trading_api.main import wsApp

    doc = wsApp.asyncapi()
    problems = optional_subscription_fields(doc)
    if problems:
        raise ExportError(
            "subscription request schemas must have only required properties; optional: "
            + ", ".join(problems) + ". Make these fields required (no default). Nothing was written."
        )
    return doc


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Export the AsyncAPI document; return the exit code."""
    return run_export(argv, "asyncapi.json", build_asyncapi)


if __name__ == "__main__":
    raise SystemExit(main())
