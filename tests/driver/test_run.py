"""Phase runs on a real git repository: commits, recorded hashes, refusals, no-ops."""

from __future__ import annotations

import json
from datetime import date

from refactor_tools.config import load_config
from refactor_tools.driver import status


def _baseline(project, cli):
    code, out, err = cli("baseline", "--project", str(project.root))
    assert code == 0, err
    return out


def test_baseline_then_phase_commits_and_records_real_hashes(make_project, cli):
    project = make_project()
    start = project.head()
    _baseline(project, cli)
    assert project.repo.tags["tiny-baseline"].commit.hexsha == start
    baseline_json = json.loads(project.read(".refactor-tools/baseline/baseline.json"))
    assert baseline_json["tests"] == {"passed": 3} and baseline_json["commit"] == start
    assert baseline_json["coverage"] == "100%"  # pytest-cov is a dependency: always measured

    code, out, err = cli("run", "phase-0", "--project", str(project.root), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "done" and result["exit_code"] == 0
    [task] = result["tasks"]
    assert task["task"] == "mark-prepared"
    assert [g["name"] for g in task["gates"]] == ["tests"] and task["gates"][0]["summary"] == "3 passed"

    subjects = project.messages()
    assert subjects[:4] == [
        "phase-0: record task 2 done",
        "phase-0: Record the preparation stage",
        "phase-0: record task 1 done",
        "initial import",
    ]
    code_commit = project.repo.commit("HEAD~1")
    assert task["commit"] == code_commit.hexsha[:7]
    assert 'stage = "prepared"' in project.read("pyproject.toml")
    progress = project.read("plans/PROGRESS.md")
    today = date.today().isoformat()
    assert f"2. **Phase 0: Record the preparation stage** ✅ - Completed {today}" in progress
    assert f"   - Committed: {code_commit.hexsha[:7]}" in progress
    assert f"   - Committed: {start[:7]}" in progress  # the baseline records the tagged commit
    assert "### ✅ Completed (2/4 tasks)" in progress and "### ⏳ Pending (1/4 tasks)" in progress
    assert progress.endswith("## Notes\n\nText the tracker must keep verbatim.\n")
    assert project.repo.is_dirty(untracked_files=True) is False

    code, out, err = cli("status", "--verify", "--project", str(project.root), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["counts"] == {"done": 2, "in-progress": 1, "pending": 1, "total": 4}
    assert data["verify"] == {"checked": 2, "ok": True, "problems": []}
    code, again, _ = cli("status", "--verify", "--project", str(project.root), "--format", "json")
    assert again == out  # byte-identical


def test_rerun_of_finished_phase_is_a_noop(make_project, cli):
    project = make_project()
    _baseline(project, cli)
    assert cli("run", "phase-0", "--project", str(project.root))[0] == 0
    head, files = project.head(), project.snapshot()
    code, out, _ = cli("run", "phase-0", "--project", str(project.root))
    assert code == 0
    assert out.strip() == "phase-0 already done"
    assert project.head() == head and project.snapshot() == files
    code, out, _ = cli("baseline", "--project", str(project.root))
    assert code == 0 and "baseline already done (tag tiny-baseline)" in out
    assert project.head() == head


def test_phase_whose_predecessor_is_not_done_is_refused(make_project, cli):
    project = make_project()
    head = project.head()
    code, out, err = cli("run", "phase-1", "--project", str(project.root))
    assert code == 2
    assert "error: phase-1 needs phase-0 (Preparation) done first: task 1 'Pre-Migration Validation' is not done" in err
    assert "Hint: run `refactor-tools run phase-0`" in err
    assert project.head() == head


def test_dirty_tree_is_refused_and_ignored_files_do_not_count(make_project, cli):
    project = make_project()
    project.write("debug.log", "ignored\n")
    project.write(".venv/marker", "ignored\n")
    project.write("src/tinyapp/greeting.py", project.read("src/tinyapp/greeting.py") + "# edit\n")
    project.write("notes.txt", "untracked\n")
    code, _, err = cli("run", "phase-0", "--project", str(project.root))
    assert code == 2
    assert "the working tree has uncommitted changes (2 path(s)):\n  notes.txt\n  src/tinyapp/greeting.py" in err
    assert "debug.log" not in err and ".venv" not in err


def test_dry_run_prints_the_diff_and_changes_nothing(make_project, cli):
    project = make_project()
    head, files = project.head(), project.snapshot()
    code, out, err = cli("run", "phase-0", "--dry-run", "--project", str(project.root))
    assert code == 0, err
    assert "diff --git a/pyproject.toml b/pyproject.toml" in out
    assert '+stage = "prepared"' in out
    assert project.head() == head and project.snapshot() == files
    assert project.repo.git.worktree("list").count("\n") == 0  # the scratch worktree is gone
    code, out, _ = cli("run", "--all", "--dry-run", "--project", str(project.root), "--format", "json")
    data = json.loads(out)
    assert [p["phase"] for p in data["phases"]] == ["phase-0", "phase-1"]
    assert '+app = "tinyapp.main:app"' in data["diff"] and '+stage = "restructured"' in data["diff"]
    assert project.snapshot() == files


def test_run_all_then_everything_is_done(make_project, cli):
    project = make_project()
    code, out, err = cli("run", "--all", "--project", str(project.root))
    assert code == 0, err
    assert "phase-0 done (2 task(s) committed)" in out and "phase-1 done (2 task(s) committed)" in out
    report = status(load_config(project.root))
    assert report.counts() == {"done": 4, "in-progress": 0, "pending": 0, "total": 4}
    progress = project.read("plans/PROGRESS.md")
    assert "### 🔄 In Progress (0/4 tasks)\n\n**All phases complete! ✅**" in progress
    code, out, _ = cli("run", "--all", "--project", str(project.root))
    assert code == 0 and "already done" in out


def test_complete_records_a_task_done_by_hand(make_project, cli):
    project = make_project()
    code, _, err = cli("complete", "mark-prepared", "--project", str(project.root))
    assert code == 2 and "cannot be recorded before task 1 'Pre-Migration Validation'" in err
    head = project.head()
    code, out, _ = cli("complete", "1", "--note", "Baseline checked by hand", "--project", str(project.root))
    assert code == 0 and f"recorded done at {head[:7]}" in out
    progress = project.read("plans/PROGRESS.md")
    assert "   - Baseline checked by hand\n   - Committed: " + head[:7] in progress
    assert project.messages()[0] == "progress: task 1 done (Pre-Migration Validation)"
    code, out, _ = cli("complete", "baseline", "--project", str(project.root))
    assert code == 0 and "already done" in out


def test_baseline_refuses_failing_tests(make_project, cli):
    project = make_project()
    project.write("tests/test_broken.py", "def test_broken():\n    assert 1 == 2\n")
    head = project.commit_all("a failing test")
    code, _, err = cli("baseline", "--project", str(project.root))
    assert code == 1
    assert "the baseline needs every test passing; got 1 failed, 3 passed" in err
    assert "FAILED tests/test_broken.py::test_broken" in err
    assert project.head() == head and "tiny-baseline" not in [t.name for t in project.repo.tags]


def test_default_runs_the_projects_own_configuration(make_project):
    project = make_project()
    text = project.read("pyproject.toml")
    project.write("pyproject.toml", text.split("[tool.refactor-tools.driver]")[0])
    project.commit_all("default pytest args")
    config = load_config(project.root)
    from refactor_tools.driver.gates import run_pytest

    run = run_pytest(config)
    assert run.ok and run.counts == {"passed": 3}
    assert "bringing up nodes" not in run.output  # no forced xdist
    assert "-n" not in run.command and "-q" not in run.command  # nothing but the project's addopts
