"""A phase whose gate fails leaves the tree byte-identical, keeps HEAD and exits 1 naming the gate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import commit_all, head, run_cli, snapshot_changes, tree_snapshot

pytestmark = pytest.mark.slow

APP = Path("src") / "trading_api"
FAILING_TEST = '''"""A test that breaks on purpose (end-to-end gate check)."""


def test_injected_failure():
    assert 1 + 1 == 3, "injected failure"
'''


def _run_failing_phase(repo: Path) -> dict[str, Any]:
    before, start = tree_snapshot(repo), head(repo)
    proc = run_cli(repo, "run", "phase-1", "--format", "json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert head(repo) == start
    assert snapshot_changes(before, tree_snapshot(repo)) == []
    assert not (repo / ".refactor-tools" / "run.json").exists()
    return json.loads(proc.stdout)


def test_failing_test_fails_the_tests_gate_and_restores_the_tree(phase0_repo: Path) -> None:
    (phase0_repo / "tests" / "test_injected_failure.py").write_text(FAILING_TEST, encoding="utf-8")
    commit_all(phase0_repo, "inject a failing test")
    result = _run_failing_phase(phase0_repo)
    assert result["status"] == "failed" and result["exit_code"] == 1
    assert result["failed_step"].endswith("gate tests"), result["failed_step"]
    assert "gate tests" in result["message"]
    assert [(t["status"], t["commit"]) for t in result["tasks"]] == [("failed", None)]  # nothing committed or recorded


def test_breaking_spec_change_fails_the_specs_gate_and_restores_the_tree(phase0_repo: Path) -> None:
    # GET /api/v1/versions loses `documentation_url`: no legacy test reads it, so the tests stay green.
    models = phase0_repo / APP / "models" / "versioning.py"
    text = models.read_text(encoding="utf-8")
    assert "    documentation_url: str\n" in text
    models.write_text(text.replace("    documentation_url: str\n", ""), encoding="utf-8")
    commit_all(phase0_repo, "drop a response field")
    diff = run_cli(phase0_repo, "diff-specs", "--format", "json")
    assert diff.returncode == 1, diff.stdout + diff.stderr
    report = json.loads(diff.stdout)
    assert report["verdict"] == "breaking"
    assert [(f["severity"], f["location"].rsplit("/", 1)[-1]) for f in report["findings"]] == [
        ("breaking", "documentation_url")
    ]

    result = _run_failing_phase(phase0_repo)
    assert result["status"] == "failed" and result["exit_code"] == 1
    assert result["failed_step"].endswith("gate specs"), result["failed_step"]
    assert "gate specs" in result["message"]
