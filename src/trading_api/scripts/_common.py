"""Shared helpers of the spec export commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, Optional, Sequence


class ExportError(Exception):
    """The document cannot be exported."""


def render(doc: dict[str, Any]) -> str:
    """Serialise a document deterministically (indented, keys sorted, final newline)."""
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def write_document(text: str, path: Path) -> None:
    """Write `text` to `path` atomically, so a failure leaves no partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def run_export(
    argv: Optional[Sequence[str]], default_name: str, build: Callable[[], dict[str, Any]]
) -> int:
    """Parse `[PATH]`, build the document, write it; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print(f"usage: python -m <export module> [PATH]  (default: ./{default_name})", file=sys.stderr)
        return 2
    path = Path(args[0] if args else default_name)
    try:
        text = render(build())
        write_document(text, path)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {path}: {exc.strerror or exc}. Choose a writable path.", file=sys.stderr)
        return 1
    print(f"wrote {path}", file=sys.stderr)
    return 0
