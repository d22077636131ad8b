"""Phase runs on a real git repository: commits, recorded hashes, refusals, no-ops."""

from __future__ import annotations

import json
from datetime import date

from refactor_tools.config import load_config
from refactor_tools.driver import status


def _baseline(tiny, cli):
    code, out, err = cli("baseline", "--project", str(tiny.root))
    assert code == 0, err
    return out


def test_baseline_then_phase_commits_and_records_real_hashes(project, cli):
    tiny = project()
    start = tiny.head()
    _baseline(tiny, cli)
    assert tiny.repo.tags["tiny-baseline"].commit.hexsha == start
    baseline_json = json.loads(tiny.read(".refactor-tools/baseline/baseline.json"))
    assert baseline_json["tests"] == {"passed": 3} and baseline_json["commit"] == start
    assert baseline_json["coverage"] == "100%"  # pytest-cov is a dependency: always measured

    code, out, err = cli("run", "phase-0", "--project", str(tiny.root), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "done" and result["exit_code"] == 0
    [task] = result["tasks"]
    assert task["task"] == "mark-prepared"
    assert [g["name"] for g in task["gates"]] == ["tests"] and task["gates"][0]["summary"] == "3 passed"

    subjects = tiny.messages()
    assert subjects[:4] == [
        "phase-0: record task 2 done",
        "phase-0: Record the preparation stage",
        "phase-0: record task 1 done",
        "initial import",
    ]
    code_commit = tiny.repo.commit("HEAD~1")
    assert task["commit"] == code_commit.hexsha[:7]
    assert 'stage = "prepared"' in tiny.read("pyproject.toml")
    progress = tiny.read("plans/PROGRESS.md")
    today = date.today().isoformat()
    assert f"2. **Phase 0: Record the preparation stage** ✅ - Completed {today}" in progress
    assert f"   - Committed: {code_commit.hexsha[:7]}" in progress
    assert f"   - Committed: {start[:7]}" in progress  # the baseline records the tagged commit
    assert "### ✅ Completed (2/4 tasks)" in progress and "### ⏳ Pending (1/4 tasks)" in progress
    assert progress.endswith("## Notes\n\nText the tracker must keep verbatim.\n")
    assert tiny.repo.is_dirty(untracked_files=True) is False

    code, out, err = cli("status", "--verify", "--project", str(tiny.root), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["counts"] == {"done": 2, "in-progress": 1, "pending": 1, "total": 4}
    assert data["verify"] == {"checked": 2, "ok": True, "problems": []}
    code, again, _ = cli("status", "--verify", "--project", str(tiny.root), "--format", "json")
    assert again == out  # byte-identical


def test_rerun_of_finished_phase_is_a_noop(project, cli):
    tiny = project()
    _baseline(tiny, cli)
    assert cli("run", "phase-0", "--project", str(tiny.root))[0] == 0
    head, files = tiny.head(), tiny.snapshot()
    code, out, _ = cli("run", "phase-0", "--project", str(tiny.root))
    assert code == 0
    report = tiny.root / ".git" / "refactor-tools" / "report" / "migration-report.html"
    assert out.splitlines() == ["phase-0 already done", f"migration report: {report}"]
    assert tiny.head() == head and tiny.snapshot() == files
    code, out, _ = cli("baseline", "--project", str(tiny.root))
    assert code == 0 and "baseline already done (tag tiny-baseline)" in out
    assert tiny.head() == head


def test_phase_whose_predecessor_is_not_done_is_refused(project, cli):
    tiny = project()
    head = tiny.head()
    code, out, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 2
    assert "error: phase-1 needs phase-0 (Preparation) done first: task 1 'Pre-Migration Validation' is not done" in err
    assert "Hint: run `refactor-tools run phase-0`" in err
    assert tiny.head() == head


def test_dirty_tree_is_refused_and_ignored_files_do_not_count(project, cli):
    tiny = project()
    tiny.write("debug.log", "ignored\n")
    tiny.write(".venv/marker", "ignored\n")
    tiny.write("src/tinyapp/greeting.py", tiny.read("src/tinyapp/greeting.py") + "# edit\n")
    tiny.write("notes.txt", "untracked\n")
    code, _, err = cli("run", "phase-0", "--project", str(tiny.root))
    assert code == 2
    assert "the working tree has uncommitted changes (2 path(s)):\n  notes.txt\n  src/tinyapp/greeting.py" in err
    assert "debug.log" not in err and ".venv" not in err


def test_dry_run_prints_the_diff_and_changes_nothing(project, cli):
    tiny = project()
    head, files = tiny.head(), tiny.snapshot()
    code, out, err = cli("run", "phase-0", "--dry-run", "--project", str(tiny.root))
    assert code == 0, err
    assert "diff --git a/pyproject.toml b/pyproject.toml" in out
    assert '+stage = "prepared"' in out
    assert tiny.head() == head and tiny.snapshot() == files
    assert tiny.repo.git.worktree("list").count("\n") == 0  # the scratch worktree is gone
    code, out, _ = cli("run", "--all", "--dry-run", "--project", str(tiny.root), "--format", "json")
    data = json.loads(out)
    assert [p["phase"] for p in data["phases"]] == ["phase-0", "phase-1"]
    assert '+app = "tinyapp.main:app"' in data["diff"] and '+stage = "restructured"' in data["diff"]
    assert tiny.snapshot() == files


def test_run_all_then_everything_is_done(project, cli):
    tiny = project()
    code, out, err = cli("run", "--all", "--project", str(tiny.root))
    assert code == 0, err
    assert "phase-0 done (2 task(s) committed)" in out and "phase-1 done (2 task(s) committed)" in out
    report = status(load_config(tiny.root))
    assert report.counts() == {"done": 4, "in-progress": 0, "pending": 0, "total": 4}
    progress = tiny.read("plans/PROGRESS.md")
    assert "### 🔄 In Progress (0/4 tasks)\n\n**All phases complete! ✅**" in progress
    code, out, _ = cli("run", "--all", "--project", str(tiny.root))
    assert code == 0 and "already done" in out


def test_complete_records_a_task_done_by_hand(project, cli):
    tiny = project()
    code, _, err = cli("complete", "mark-prepared", "--project", str(tiny.root))
    assert code == 2 and "cannot be recorded before task 1 'Pre-Migration Validation'" in err
    head = tiny.head()
    code, out, _ = cli("complete", "1", "--note", "Baseline checked by hand", "--project", str(tiny.root))
    assert code == 0 and f"recorded done at {head[:7]}" in out
    progress = tiny.read("plans/PROGRESS.md")
    assert "   - Baseline checked by hand\n   - Committed: " + head[:7] in progress
    assert tiny.messages()[0] == "progress: task 1 done (Pre-Migration Validation)"
    code, out, _ = cli("complete", "baseline", "--project", str(tiny.root))
    assert code == 0 and "already done" in out


def test_baseline_refuses_failing_tests(project, cli):
    tiny = project()
    tiny.write("tests/test_broken.py", "def test_broken():\n    assert 1 == 2\n")
    head = tiny.commit_all("a failing test")
    code, _, err = cli("baseline", "--project", str(tiny.root))
    assert code == 1
    assert "the baseline needs every test passing; got 1 failed, 3 passed" in err
    assert "FAILED tests/test_broken.py::test_broken" in err
    assert tiny.head() == head and "tiny-baseline" not in [t.name for t in tiny.repo.tags]


def test_default_runs_the_projects_own_configuration(project):
    tiny = project()
    text = tiny.read("pyproject.toml")
    tiny.write("pyproject.toml", text.split("[tool.refactor-tools.driver]")[0])
    tiny.commit_all("default pytest args")
    config = load_config(tiny.root)
    from refactor_tools.driver.gates import run_pytest

    run = run_pytest(config)
    assert run.ok and run.counts == {"passed": 3}
    assert "bringing up nodes" not in run.output  # no forced xdist
    assert "-n" not in run.command and "-q" not in run.command  # nothing but the project's addopts
