"""The whole demo on the real plan and the real legacy monolith, and checks of its result."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import git
import pytest

from tests.helpers import (
    UNUSED_PLUGINS,
    commit_all,
    head,
    run_cli,
    snapshot_changes,
    tree_snapshot,
)

pytestmark = pytest.mark.slow(seconds=60)

PHASES = [f"phase-{n}" for n in range(10)]
APP = Path("src") / "trading_api"


def test_demo_migrates_every_phase_and_module_suites_pass_in_isolation(demo_run: dict[str, Any]) -> None:
    data = demo_run["json"]
    verdict = {k: data[k] for k in ("ok", "module_suites", "shims_left", "problems")}
    assert demo_run["exit"] == 0 and data["ok"] is True, f"{verdict}\n{demo_run['stderr'][-3000:]}"
    assert [p["phase"] for p in data["phases"]] == PHASES
    assert [p["status"] for p in data["phases"]] == ["done"] * 10
    assert sum(p["tasks"] for p in data["phases"]) == 20
    suites = {s["module"]: s for s in data["module_suites"]}
    assert sorted(suites) == ["broker", "datafeed"]
    assert all(s["ok"] and "passed" in s["summary"] and "failed" not in s["summary"] for s in suites.values()), suites
    assert data["shims_left"] == []
    assert data["problems"] == []
    # The lookahead (on in the demo) paired the 20 tasks across the ten phases: in each pair the
    # second task's suite was verified in a worktree beside the first's gates; none failed there.
    ahead = [row["lookahead"] for row in data["phases"]]
    assert (sum(a["verified"] for a in ahead), sum(a["dropped"] for a in ahead)) == (10, 0), ahead


def test_result_has_the_modular_layout_and_no_legacy_package(demo_run: dict[str, Any]) -> None:
    app = demo_run["workdir"] / APP
    expected = ["main.py", "app_factory.py", "shared/module_interface.py", "shared/module_registry.py"]
    expected += [f"modules/{m}/{f}.py" for m in ("datafeed", "broker") for f in ("__init__", "api", "ws", "service")]
    assert [f for f in expected if not (app / f).is_file()] == []
    folders = ["models", "shared/api", "shared/ws", "shared/plugins", "modules/datafeed/tests", "modules/broker/tests"]
    assert [d for d in folders if not (app / d).is_dir()] == []
    for module in ("datafeed", "broker"):
        assert list((app / "modules" / module / "tests").glob("test_*.py")), f"no tests moved into {module}"
    legacy = [name for name in ("api", "core", "ws", "plugins", "config.py") if (app / name).exists()]
    assert legacy == []
    tracked = git.Repo(demo_run["workdir"]).git.ls_files().splitlines()
    legacy_paths = re.compile(r"src/trading_api/((api|core|ws|plugins)/|config\.py$)")
    assert [p for p in tracked if legacy_paths.match(p)] == []


def test_status_verify_boundaries_and_specs_agree(demo_run: dict[str, Any]) -> None:
    root = demo_run["workdir"]
    status = run_cli(root, "status", "--verify", "--format", "json")
    assert status.returncode == 0, status.stdout + status.stderr
    report = json.loads(status.stdout)
    assert report["verify"] == {"ok": True, "problems": [], "checked": 20}
    assert {t["state"] for t in report["tasks"]} == {"done"}
    boundaries = run_cli(root, "check-boundaries")
    assert boundaries.returncode == 0, boundaries.stdout + boundaries.stderr
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["refactor-tools"]
    baseline_file = root / config["boundaries"]["baseline"]
    assert json.loads(baseline_file.read_text(encoding="utf-8"))["violations"] == []
    specs = run_cli(root, "diff-specs", "--format", "json")
    assert specs.returncode == 0, specs.stdout + specs.stderr
    assert json.loads(specs.stdout)["verdict"] == "identical"


def test_progress_document_records_every_task_with_real_commits(demo_run: dict[str, Any]) -> None:
    root = demo_run["workdir"]
    text = (root / "plans" / "MODULAR_BACKEND_IMPL.md").read_text(encoding="utf-8")
    assert "Completed (20/20 tasks)" in text
    hashes = re.findall(r"Committed: `?([0-9a-f]{7,40})`?", text)
    assert len(hashes) == 20
    repo = git.Repo(root)
    history = {c.hexsha for c in repo.iter_commits("HEAD")}
    resolved = {h: repo.git.rev_parse("--verify", "--quiet", f"{h}^{{commit}}", with_exceptions=False) for h in hashes}
    assert [h for h, full in resolved.items() if full not in history] == []
    phase_commits = {p["commit"] for p in demo_run["json"]["phases"]}
    assert phase_commits <= set(hashes)


def test_second_run_of_a_finished_phase_is_a_no_op(demo_copy: Path) -> None:
    before, start = tree_snapshot(demo_copy), head(demo_copy)
    proc = run_cli(demo_copy, "run", "phase-3", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert (result["status"], result["tasks"], result["exit_code"]) == ("already-done", [], 0)
    assert head(demo_copy) == start
    assert snapshot_changes(before, tree_snapshot(demo_copy)) == []


def test_status_verify_catches_a_fabricated_hash_and_a_wrong_counter(demo_copy: Path) -> None:
    progress = demo_copy / "plans" / "MODULAR_BACKEND_IMPL.md"
    original = progress.read_text(encoding="utf-8")
    real = re.findall(r"Committed: `?([0-9a-f]{7,40})", original)[4]
    fake = "deadbee" if real != "deadbee" else "badc0de"
    assert git.Repo(demo_copy).git.rev_parse("--verify", "--quiet", f"{fake}^{{commit}}", with_exceptions=False) == ""
    progress.write_text(original.replace(f"Committed: {real}", f"Committed: {fake}", 1), encoding="utf-8")
    commit_all(demo_copy, "fabricate a progress entry")
    proc = run_cli(demo_copy, "status", "--verify")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"records commit {fake}, which does not exist" in proc.stderr

    progress.write_text(original.replace("Completed (20/20 tasks)", "Completed (19/20 tasks)"), encoding="utf-8")
    commit_all(demo_copy, "miscount the progress section")
    proc = run_cli(demo_copy, "status", "--verify", "--format", "json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    problems = json.loads(proc.stdout)["verify"]["problems"]
    assert [p for p in problems if "counter 'Completed (19/20 tasks)'" in p and "expected (20/20 tasks)" in p], problems


# The migrated project is complete: its Makefile's per-module and integration targets work, its
# generated CI runs every test directory, and its README describes the new layout.


def make(root: Path, target: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "TRADING_API_"))}
    env.pop("PYTHONPATH", None)
    env["PYTEST_ADDOPTS"] = " ".join(UNUSED_PLUGINS)  # plugins of our dev venv the demo's suites never use
    return subprocess.run(["make", "--no-print-directory", target, f"PY={sys.executable}"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("target", ["test-datafeed", "test-broker", "test-shared", "test-integration"])
def test_makefile_targets_run_their_suites(demo_copy: Path, target: str) -> None:
    proc = make(demo_copy, target)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert re.search(r"\d+ passed", proc.stdout) and " failed" not in proc.stdout, proc.stdout[-2000:]


def test_an_isolated_module_target_fails_when_the_module_imports_another(demo_copy: Path) -> None:
    api = demo_copy / "src/trading_api/modules/datafeed/api.py"
    text = api.read_text(encoding="utf-8")
    future = "from __future__ import annotations\n"
    assert future in text
    api.write_text(text.replace(future, future + "import trading_api.modules.broker.service  # noqa: F401\n", 1),
                   encoding="utf-8")
    proc = make(demo_copy, "test-datafeed")
    assert proc.returncode != 0, proc.stdout[-2000:]
    assert "isolation guard: module 'broker' was imported while running 'datafeed'" in proc.stdout


def test_generated_ci_runs_every_test_directory(demo_run) -> None:
    root: Path = demo_run["workdir"]
    workflow = (root / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    runs = [line.split("run:", 1)[1].strip() for line in workflow.splitlines() if "run: python -m pytest" in line]
    covered = [part for run in runs for part in run.split() if "/" in part or part == "tests"]
    modules_dir = "src/trading_api/modules/${{"
    test_dirs = sorted({p.parent.relative_to(root).as_posix() for p in root.rglob("test_*.py")
                        if ".git" not in p.parts and ".refactor-tools" not in p.parts})
    assert test_dirs, "no test files in the migrated project"
    uncovered = [d for d in test_dirs
                 if not any(d == c or d.startswith(c.rstrip("/") + "/") for c in covered)
                 and not (d.startswith("src/trading_api/modules/") and any(modules_dir in c for c in covered))]
    assert uncovered == [], f"test directories no CI job runs: {uncovered}; jobs: {runs}"
    assert any("tests/integration" in run for run in runs)


def test_readme_describes_the_modular_layout(demo_run) -> None:
    readme = (demo_run["workdir"] / "README.md").read_text(encoding="utf-8")
    assert "(modular)" in readme.splitlines()[0]
    for needle in ("create_app(enabled_modules)", "ENABLED_MODULES", "modules/", "make test-datafeed",
                   "make test-integration"):
        assert needle in readme, needle
    assert "builds everything at\nimport time" not in readme and "core/" not in readme
    makefile = (demo_run["workdir"] / "Makefile").read_text(encoding="utf-8")
    assert "include modules.mk" in makefile and "test-integration:" in makefile


def test_report_lists_every_task_with_its_commit_and_recorded_gate_timings(demo_run: dict[str, Any]) -> None:
    from html import unescape

    from refactor_tools.driver.taskrecords import read_task_records

    root = demo_run["workdir"]
    report = Path(demo_run["json"]["report"])
    assert report.is_file() and ".git" in report.relative_to(root).parts
    page = report.read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="task" data-task="([^"]+)">(.*?)</tr>', page, re.S)
    assert len(rows) == 20
    repo = git.Repo(root)
    text = (root / "plans" / "MODULAR_BACKEND_IMPL.md").read_text(encoding="utf-8")
    recorded = [repo.commit(h).hexsha for h in re.findall(r"Committed: `?([0-9a-f]{7,40})`?", text)]
    shown = [re.search(r'<code title="([0-9a-f]{40})">', cells).group(1) for _, cells in rows]
    assert sorted(shown) == sorted(recorded)
    records = read_task_records(root)
    for task, cells in rows:
        record = records[task]
        assert record["status"] == "done" and record["commit"] in shown, task
        assert f'<code title="{record["commit"]}">' in cells, task
        assert "state-done" in cells and "gates run" in unescape(cells), task
        for gate in record["gates"]:
            assert f'data-gate="{gate["name"]}" data-seconds="{gate["duration"]:.3f}"' in cells, (task, gate["name"])
    timed = [g for r in records.values() for g in r["gates"]]
    assert {g["name"] for g in timed} >= {"tests", "specs", "boundaries"}
    assert all(g["ok"] and g["duration"] >= 0 for g in timed)
