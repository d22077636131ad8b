"""Write the OpenAPI document of the app: `python scripts/export_openapi_spec.py [PATH]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from trading_api.main import apiApp


def main(argv: list[str]) -> int:
    """Write the document to PATH (default ./openapi.json); return the exit code."""
    if len(argv) > 1 or any(arg.startswith("-") for arg in argv):
        print("usage: python scripts/export_openapi_spec.py [PATH]  (default: ./openapi.json)", file=sys.stderr)
        return 2
    path = Path(argv[0] if argv else "openapi.json")
    text = json.dumps(apiApp.openapi(), indent=2, sort_keys=True) + "\n"
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
