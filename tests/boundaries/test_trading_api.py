"""The repository's own app keeps its import rules: zero violations, empty baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refactor_tools.boundaries import assert_boundaries, check_boundaries
from refactor_tools.config import load_config

REPO = Path(__file__).resolve().parents[2]


def test_trading_api_has_no_boundary_violations():
    report = check_boundaries(load_config(REPO), cache=False)
    assert report.package == "trading_api"
    assert [rule.id for rule in report.rules] == ["module-siblings", "shared-no-modules", "models-only-models"]
    assert report.violations == ()
    assert report.guards == ()
    assert report.ok
    baseline = REPO / report.baseline_path
    if baseline.exists():
        assert json.loads(baseline.read_text())["violations"] == []


def test_trading_api_modules_are_all_in_the_graph():
    report = check_boundaries(load_config(REPO), cache=False)
    files = [p for p in (REPO / "src/trading_api").rglob("*.py") if "__pycache__" not in p.parts]
    assert report.module_count == len(files)


def test_assert_boundaries_passes_and_fails_with_the_report(project):
    assert_boundaries(REPO, cache=False)
    with pytest.raises(AssertionError) as failure:
        assert_boundaries(project("siblings"))
    message = str(failure.value)
    assert "src/shop/modules/beta/api.py:3: [module-siblings] shop.modules.beta.api -> shop.modules.alpha.service" in message
    assert message.splitlines()[-1].startswith("FAILED: 2 new violations")


def test_checking_in_process_leaves_imported_modules_alone():
    import sys

    import trading_api

    check_boundaries(load_config(REPO), cache=False)
    assert sys.modules["trading_api"] is trading_api
