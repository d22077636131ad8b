"""The example's own suite passes as its own project: its cwd, its sys.path, its addopts."""

from __future__ import annotations

import re
import tomllib

from tests.helpers import UNUSED_PLUGINS
from tests.sql_example.conftest import EXAMPLE
from tests.sql_example.postgres import postgres_url

MIN_TESTS = 60


def _counts(output: str) -> dict[str, int]:
    """Return the counts of pytest's closing line (`110 passed, 2 skipped in 9.1s`)."""
    closing = [line for line in output.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    assert closing, output[-3000:]
    pairs = re.findall(r"(\d+) (passed|failed|errors?|skipped)", closing[-1])
    return {word: int(n) for n, word in pairs}


def test_suite_passes_on_sqlite(sql_example, run_in):
    result = run_in(sql_example, "-m", "pytest", "-q", "-p", "no:cacheprovider", *UNUSED_PLUGINS)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    counts = _counts(output)
    assert counts.get("passed", 0) >= MIN_TESTS, output[-3000:]
    assert "failed" not in counts and "error" not in counts and "errors" not in counts
    # Only the PostgreSQL-only tests may skip on SQLite.
    assert counts.get("skipped", 0) <= 2, output[-3000:]


def test_suite_passes_on_postgresql(sql_example, run_in):
    url = postgres_url()  # skips when no PostgreSQL can be had
    result = run_in(sql_example, "-m", "pytest", "-q", "-p", "no:cacheprovider", *UNUSED_PLUGINS,
                    env={"DATABASE_URL": url})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    counts = _counts(output)
    assert counts.get("passed", 0) >= MIN_TESTS + 2, output[-3000:]
    assert set(counts) == {"passed"}, output[-3000:]


def test_suite_runs_sequentially_by_its_own_configuration():
    config = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())
    addopts = config["tool"]["pytest"]["ini_options"]["addopts"]
    assert "-n" not in addopts.split()
    assert "--numprocesses" not in addopts
