"""Write the AsyncAPI document of the app: `python scripts/export_asyncapi_spec.py [PATH]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from trading_api.main import wsApp


def optional_subscription_fields(doc: dict) -> list[str]:
    """Return `Schema.property` for each non-required property of a *SubscriptionRequest* schema."""
    problems = []
    schemas = doc.get("components", {}).get("schemas", {})
    for name in sorted(schemas):
        if "SubscriptionRequest" in name:
            required = set(schemas[name].get("required", []))
            problems += [f"{name}.{prop}" for prop in sorted(schemas[name].get("properties", {})) if prop not in required]
    return problems


def main(argv: list[str]) -> int:
    """Write the document to PATH (default ./asyncapi.json); return the exit code."""
    if len(argv) > 1 or any(arg.startswith("-") for arg in argv):
        print("usage: python scripts/export_asyncapi_spec.py [PATH]  (default: ./asyncapi.json)", file=sys.stderr)
        return 2
    path = Path(argv[0] if argv else "asyncapi.json")
    doc = wsApp.asyncapi()
    problems = optional_subscription_fields(doc)
    if problems:
        print(
            "error: subscription request schemas must have only required properties; optional: "
            + ", ".join(problems) + ". Make these fields required (no default). Nothing was written.",
            file=sys.stderr,
        )
        return 1
    text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {path}: {exc.strerror or exc}. Choose a writable path.", file=sys.stderr)
        return 1
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
