"""Atomic file writes, shared by every part of the harness that changes files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str, *, skip_unchanged: bool = False) -> bool:
    """Write `text` through a temporary sibling and `os.replace`: never a half-written file.

    The file keeps its permission bits; parent folders are created. With `skip_unchanged`,
    a file that already holds `text` is not touched.

    Returns:
        True when the file was written.
    """
    path = Path(path)
    if skip_unchanged:
        try:
            if path.read_text(encoding="utf-8") == text:
                return False
        except (OSError, ValueError):
            pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
