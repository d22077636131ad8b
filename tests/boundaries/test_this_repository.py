"""This repository keeps its import rules: the app's (ARCHITECTURE.md §2), the WebSocket
library's and the harness's layers, over its three packages; zero violations, empty baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refactor_tools.boundaries import assert_boundaries, check_boundaries
from refactor_tools.config import load_config

REPO = Path(__file__).resolve().parents[2]


PACKAGES = ("trading_api", "typed_ws", "refactor_tools")
HARNESS_LAYERS = ["cli", "driver", "boundaries", "specs", "codemods", "scaffold", "testing", "config", "errors", "fileio"]


def test_this_repository_checks_its_three_packages_without_violations():
    report = check_boundaries(load_config(REPO), cache=False)
    assert report.package == PACKAGES
    ids = [rule.id for rule in report.rules]
    assert ids[:5] == ["module-siblings", "shared-no-modules", "models-only-models", "app-not-harness", "ws-library-generic"]
    assert {f"harness-{name}" for name in HARNESS_LAYERS[1:]} <= set(ids)
    assert report.violations == ()
    assert report.guards == ()
    assert report.ok
    baseline = REPO / report.baseline_path
    if baseline.exists():
        assert json.loads(baseline.read_text())["violations"] == []


def test_every_module_of_the_three_packages_is_in_the_graph():
    report = check_boundaries(load_config(REPO), cache=False)
    files = [
        p for name in PACKAGES for p in (REPO / "src" / name).rglob("*.py") if "__pycache__" not in p.parts
    ]
    assert report.module_count == len(files)


def test_the_harness_layer_rules_catch_an_upward_import(tmp_path):
    # A copy of the harness where a slice imports the driver: the layer rule reports it.
    import shutil

    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    for name in PACKAGES:
        shutil.copytree(REPO / "src" / name, root / "src" / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    patterns = root / "src/refactor_tools/boundaries/patterns.py"
    patterns.write_text(patterns.read_text() + "\nfrom refactor_tools.driver import plan  # noqa: E402,F401\n")
    report = check_boundaries(load_config(root), cache=False)
    # Transitive rules see it too (patterns is a pure core; graph builds on boundaries): the
    # direct layer break is reported by the slice's own rule, and nothing else is new.
    assert ("harness-boundaries", "refactor_tools.boundaries.patterns", "refactor_tools.driver.plan") in {
        (v.rule, v.importer, v.imported) for v in report.new}
    clean = check_boundaries(load_config(REPO), cache=False)
    assert list(clean.new) == []


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
