"""The harness's state folder `.refactor-tools/`, its ignore rule, and deterministic JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STATE_DIR = ".refactor-tools"
IGNORE_ALL = "# Written by refactor-tools: caches only.\n*\n"


def state_dir(root: Path) -> Path:
    """Return the state folder of the project at `root`."""
    return Path(root) / STATE_DIR


def state_path(root: Path, *parts: str) -> Path:
    """Return a path inside the state folder of the project at `root`."""
    return state_dir(root).joinpath(*parts)


def ignore_folder(folder: Path) -> None:
    """Make git ignore everything in `folder` (a `.gitignore` of `*` inside it), creating it."""
    from ..fileio import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / ".gitignore", IGNORE_ALL, skip_unchanged=True)


def dumps_json(data: Any, *, compact: bool = False, newline: bool = True) -> str:
    """Return deterministic JSON: sorted keys, non-ASCII kept, two-space indent (or compact).

    Args:
        data: JSON-ready data.
        compact: no whitespace at all (cache files, hash keys).
        newline: end with a newline (files and command output do).
    """
    if compact:
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    return text + "\n" if newline else text
