"""The coverage gate: measured in the tests gate's run, compared with the baseline's."""

from __future__ import annotations

import json

from refactor_tools.config import load_config
from refactor_tools.driver.gates import gate_steps

UNCOVERED = "\n\ndef unused(value):\n" + "".join(f"    value += {i}\n" for i in range(40)) + "    return value\n"


def _with_coverage(project, baseline: float | None, tolerance: float = 1.0):
    project.set_table("[tool.refactor-tools.app]",
                      f"[tool.refactor-tools.gates.coverage]\ntolerance = {tolerance}\n\n[tool.refactor-tools.app]")
    if baseline is not None:
        project.write(".refactor-tools/baseline/baseline.json", json.dumps({"coverage_percent": baseline}))


def _gates(project):
    config = load_config(project.root)
    out = []
    for _, run in gate_steps(config, {"tests": True}, "HEAD"):
        out.append(run())
        if not out[-1].ok:
            break
    return out


def test_coverage_within_tolerance_passes(notes):
    project = notes()
    _with_coverage(project, 100.0)
    tests, coverage, _ = _gates(project)
    assert tests.ok and tests.metrics["coverage"] == 100.0
    assert "--cov=notes" in tests.metrics["command"]
    assert (coverage.name, coverage.ok) == ("coverage", True)
    assert coverage.summary == "100.00% vs baseline 100.00% (tolerance 1 points)"
    assert not (project.root / ".coverage").exists() and not project.repo.untracked_files


def test_coverage_drop_beyond_tolerance_fails(notes):
    project = notes()
    _with_coverage(project, 100.0, tolerance=2.5)
    project.write("src/notes/store.py", project.read("src/notes/store.py") + UNCOVERED)
    tests, coverage = _gates(project)
    assert tests.ok and not coverage.ok
    assert coverage.details[0].startswith(f"coverage {tests.metrics['coverage']:.2f}% is below 97.50% (baseline 100.00% - 2.5)")


def test_baseline_without_coverage_is_a_clear_failure(notes):
    project = notes()
    _with_coverage(project, None)
    tests, coverage = _gates(project)
    assert tests.ok and not coverage.ok and coverage.summary == "the baseline recorded no coverage"
