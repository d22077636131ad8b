"""Atomic JSON files: the result cache and the baseline (file-system adapter)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .. import fileio


def dumps(data: Any, depth: int = 2) -> str:
    """Serialise deterministically: sorted keys, indented `depth` levels deep, then one line each.

    Items below `depth` (e.g. one violation) sit on one line: diff-friendly, and written by
    the C encoder, which stays fast with thousands of items.
    """
    return _dumps(data, depth, 0) + "\n"


def _dumps(data: Any, depth: int, level: int) -> str:
    if level >= depth or not isinstance(data, (dict, list)) or not data:
        return json.dumps(data, sort_keys=True, ensure_ascii=False)
    pad = "  " * (level + 1)
    if isinstance(data, dict):
        items = [f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {_dumps(data[k], depth, level + 1)}" for k in sorted(data)]
        return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
    items = [pad + _dumps(item, depth, level + 1) for item in data]
    return "[\n" + ",\n".join(items) + "\n" + "  " * level + "]"


def read_json(path: Path) -> Any | None:
    """Return the parsed file, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_atomic(path: Path, text: str) -> bool:
    """Write `text` atomically unless the file already holds it; return True if written."""
    return fileio.write_atomic(path, text, skip_unchanged=True)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write bytes through a temporary sibling and `os.replace` (caches: never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
