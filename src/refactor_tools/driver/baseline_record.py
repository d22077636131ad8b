"""The baseline record: `.refactor-tools/baseline/baseline.json` (test counts, coverage, commit,
tag) and the specs exported beside it, written by the `baseline` action and read by gates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..adapters.state import state_path

RECORD_DIR = ("baseline",)  # inside the state folder


def record_dir(root: Path) -> Path:
    """Return the folder of the baseline record and its exported specs."""
    return state_path(root, *RECORD_DIR)


def read_baseline_record(root: Path) -> dict[str, Any] | None:
    """Return the baseline record, or None before `baseline` ran."""
    path = record_dir(root) / "baseline.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
