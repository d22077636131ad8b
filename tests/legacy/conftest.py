"""Paths and a runner for the legacy monolith, which always runs in its own interpreter.

In this suite `trading_api` is the modular app; the example has its own `trading_api`
package, so anything importing it runs in a subprocess with the example's `src` first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_ROOT / "examples" / "legacy_monolith"
LEGACY_SRC = EXAMPLE / "src"
LEGACY_PACKAGE = LEGACY_SRC / "trading_api"


def clean_env(**extra: str) -> dict[str, str]:
    """Return os.environ without app settings and the outer pytest's variables, plus `extra`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TRADING_API_", "PYTEST_")) and k != "ENABLED_MODULES"
    }
    env.update(extra)
    return env


def _run_legacy(args: list[str], cwd: Path = EXAMPLE, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python <args>` with the example's src first on the path."""
    pythonpath = os.pathsep.join(filter(None, [str(LEGACY_SRC), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=clean_env(PYTHONPATH=pythonpath),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _run_modular(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python <args>` in the main environment, where `trading_api` is the modular app."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout
    )


Runner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_legacy() -> Runner:
    """Run `python <args>` with the legacy monolith's src first on the path (cwd: the example)."""
    return _run_legacy


@pytest.fixture
def run_modular() -> Runner:
    """Run `python <args>` in the main environment (the modular app)."""
    return _run_modular
