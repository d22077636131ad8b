"""`status --verify`: fabricated hashes, wrong counters and out-of-order records are caught."""

from __future__ import annotations

import json


def _two_done(project, cli):
    """Record tasks 1 and 2 by hand (each at the HEAD of its time): real hashes, no test runs."""
    tiny = project()
    assert cli("complete", "1", "--project", str(tiny.root))[0] == 0
    tiny.write("src/tinyapp/extra.py", "X = 1\n")
    tiny.commit_all("task 2 by hand")
    assert cli("complete", "2", "--project", str(tiny.root))[0] == 0
    return tiny


def test_verify_catches_a_fabricated_hash_and_wrong_counters(project, cli):
    tiny = _two_done(project, cli)
    text = tiny.read("plans/PROGRESS.md")
    real = tiny.repo.commit("HEAD~1").hexsha[:7]  # the commit before the progress commit
    assert f"   - Committed: {real}" in text
    forged = text.replace(f"   - Committed: {real}", "   - Committed: deadbee").replace(
        "### ✅ Completed (2/4 tasks)", "### ✅ Completed (3/4 tasks)"
    ).replace("### ⏳ Pending (1/4 tasks)", "### ⏳ Pending (1/5 tasks)")
    tiny.write("plans/PROGRESS.md", forged)
    tiny.commit_all("forge the progress")

    code, out, err = cli("status", "--verify", "--project", str(tiny.root))
    assert code == 1
    assert "plans/PROGRESS.md: task 2 'Record the preparation stage' records commit deadbee, which does not exist" in err
    assert "counter 'Completed (3/4 tasks)' disagrees with the entries: expected (2/4 tasks)" in err
    assert "counter 'Pending (1/5 tasks)' disagrees with the entries: expected (1/4 tasks)" in err
    assert "verify: 2 recorded task(s) checked, 3 problem(s)" in err

    code, out, _ = cli("status", "--verify", "--format", "json", "--project", str(tiny.root))
    data = json.loads(out)
    assert code == 1 and data["verify"]["ok"] is False and len(data["verify"]["problems"]) == 3


def test_verify_catches_out_of_order_and_foreign_commits(project, cli):
    tiny = _two_done(project, cli)
    # a commit on another branch exists, but is not in HEAD's history
    tiny.repo.git.checkout("-q", "-b", "side")
    side = tiny.commit_all("side work")
    tiny.repo.git.checkout("-q", "main")
    text = tiny.read("plans/PROGRESS.md")
    entry = (
        "4. **Phase 1: Name the app source** ✅ - Completed 2020-01-01\n\n"
        f"   - Committed: {side[:7]}\n\n"
        "### 🔄 In Progress"
    )
    tiny.write("plans/PROGRESS.md", text.replace("### 🔄 In Progress", entry, 1))
    tiny.commit_all("record task 4 by hand")
    code, _, err = cli("status", "--verify", "--project", str(tiny.root))
    assert code == 1
    assert "task 4 'Name the app source' is recorded done but task 3 'Record the restructure stage' before it is not" in err
    assert f"records commit {side[:7]}, which is not in the history of HEAD" in err
    assert "task 4 'Name the app source' is dated 2020-01-01, before task 2" in err
    assert "Task 4 is listed under 'Pending' but recorded done" in err


def test_verify_passes_on_a_fresh_plan(project, cli):
    tiny = project()
    code, out, err = cli("status", "--verify", "--project", str(tiny.root))
    assert code == 0, err
    assert "verify: 0 recorded task(s) checked, ok" in out
    assert "Tiny modular migration: 0/4 tasks done" in out
