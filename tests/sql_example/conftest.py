"""The SQL monolith example, copied to a temp folder and set up the way its README says.

The example has its own `app` package and its own pytest configuration, so everything that
imports it runs in a subprocess whose working directory is the copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "sql_monolith"

# What a checkout never contains: local settings, databases and caches.
_IGNORED = shutil.ignore_patterns(".env", "*.db", "__pycache__", ".pytest_cache", ".ruff_cache")

Runner = Callable[..., "subprocess.CompletedProcess[str]"]


def clean_env(**extra: str) -> dict[str, str]:
    """Return os.environ without the outer pytest's and the app's variables, plus `extra`."""
    app_keys = {"DATABASE_URL", "ENVIRONMENT", "SECRET_KEY", "SMTP_HOST", "PYTHONPATH"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k not in app_keys}
    env.update(extra)
    return env


def copy_example(dest: Path) -> Path:
    """Copy the example to `dest` and run its set-up step (`.env` from `.env.example`)."""
    shutil.copytree(EXAMPLE, dest, ignore=_IGNORED)
    result = subprocess.run(["make", "-s", "setup"], cwd=dest, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (dest / ".env").read_text() == (dest / ".env.example").read_text()
    return dest


@pytest.fixture(scope="session")
def sql_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a set-up copy of the example, shared by the tests that only read it."""
    return copy_example(tmp_path_factory.mktemp("sql-example") / "sql_monolith")


@pytest.fixture
def run_in() -> Runner:
    """Run `python ARGS` in a folder with a clean environment (plus `env`)."""

    def run(
        cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=cwd,
            env=clean_env(**(env or {})),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run
