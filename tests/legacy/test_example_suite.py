"""The legacy monolith's own test suite passes when run as its own project."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import UNUSED_PLUGINS

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"

MIN_TESTS = 48


def test_example_suite_passes_as_its_own_project(run_legacy):
    # The example's pyproject puts its src first (pythonpath) and is the rootdir.
    result = run_legacy(["-m", "pytest", "-p", "no:cacheprovider", *UNUSED_PLUGINS, "-q"], cwd=EXAMPLE)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    passed = re.search(r"(\d+) passed", output)
    assert passed, output[-3000:]
    assert int(passed.group(1)) >= MIN_TESTS, output[-3000:]
    assert not re.search(r"\d+ (failed|error|skipped)", output), output[-3000:]
