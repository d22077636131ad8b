"""Each task's gates, timings and findings are recorded in the git directory and shown by the report."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from refactor_tools.config import load_config
from refactor_tools.driver.taskrecords import read_task_records, records_path
from refactor_tools.report import render_report, collect_report

FAILING = 'def test_injected():\n    assert 40 + 2 == 41, "the injected failure, with its whole reason kept"\n'


def _rows(page: str) -> dict[str, str]:
    return dict(re.findall(r'<tr class="task" data-task="([^"]+)">(.*?)</tr>', page, re.S))


def test_a_run_records_each_task_and_writes_the_report_outside_the_tree(project, cli):
    tiny = project()
    code, out, err = cli("run", "phase-0", "--project", str(tiny.root), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    report = Path(result["report"])
    assert report == records_path(tiny.root).parent / "report" / "migration-report.html"
    assert ".git" in report.parts and report.is_file()
    assert not tiny.repo.is_dirty(untracked_files=True) and not (tiny.root / ".refactor-tools" / "report").exists()

    records = read_task_records(tiny.root)
    assert sorted(records) == ["baseline", "mark-prepared"]
    prepared = records["mark-prepared"]
    code_commit = tiny.repo.commit("HEAD~1").hexsha  # the task's code commit; HEAD records it in the document
    assert (prepared["status"], prepared["commit"], prepared["phase"]) == ("done", code_commit, "phase-0")
    [tests] = prepared["gates"]
    assert tests["name"] == "tests" and tests["ok"] and tests["summary"] == "3 passed"
    assert tests["duration"] > 0 and [s["name"] for s in tests["steps"]] == ["tests"]
    assert records["baseline"]["gates"] == []
    # Deterministic JSON: the file is exactly what the records serialise to.
    text = records_path(tiny.root).read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    page = report.read_text(encoding="utf-8")
    row = _rows(page)["mark-prepared"]
    assert f'title="{code_commit}"' in row
    assert f'data-gate="tests" data-seconds="{tests["duration"]:.3f}"' in row
    assert f'{tests["duration"]:.1f} s</span>: 3 passed' in row
    assert "not persisted" not in page


def test_a_failed_task_keeps_its_failing_tests_with_reasons(project, cli):
    tiny = project()
    assert cli("run", "phase-0", "--project", str(tiny.root))[0] == 0
    tiny.write("tests/test_injected.py", FAILING)
    tiny.commit_all("a failing test")
    code, out, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 1
    report = records_path(tiny.root).parent / "report" / "migration-report.html"
    assert f"migration report: {report}\n" in err  # printed after the failed phase's summary
    assert not tiny.repo.is_dirty(untracked_files=True)

    record = read_task_records(tiny.root)["mark-restructured"]
    assert (record["status"], record["commit"]) == ("failed", None)
    [tests] = record["gates"]
    assert not tests["ok"]
    [finding] = tests["findings"]
    assert finding["kind"] == "test" and finding["test"] == "tests/test_injected.py::test_injected"
    assert any("the injected failure, with its whole reason kept" in line for line in finding["reason"])

    row = unescape(_rows(report.read_text(encoding="utf-8"))["mark-restructured"])
    assert "last attempt failed" in row and "state-in-progress" in row
    assert "FAILED tests/test_injected.py::test_injected" in row
    assert "the injected failure, with its whole reason kept" in row

    # The next attempt, green, replaces the failed one.
    (tiny.root / "tests" / "test_injected.py").unlink()
    tiny.commit_all("fixed")
    code, out, err = cli("run", "phase-1", "--project", str(tiny.root), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["report"] == str(report)
    records = read_task_records(tiny.root)
    assert [records[t]["status"] for t in ("mark-restructured", "name-app-source")] == ["done", "done"]


def test_a_rolled_back_task_is_recorded_so(project, cli):
    tiny = project()
    assert cli("run", "phase-0", "--project", str(tiny.root))[0] == 0
    # The second task of phase-1 fails: the first one was committed, then undone with its phase.
    plan = tiny.read("plans/plan.toml").replace(
        'actions = [{kind = "config", key = "env.app", value = "tinyapp.main:app"}]',
        'actions = [{kind = "config", key = "env.app", value = "tinyapp.main:app"}, '
        '{kind = "scaffold", template = "plans/fail.tmpl", path = "tests/test_injected.py"}]')
    tiny.write("plans/plan.toml", plan)
    tiny.write("plans/fail.tmpl", FAILING)
    tiny.commit_all("a plan whose last task fails")
    code, _, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 1, err
    records = read_task_records(tiny.root)
    assert (records["mark-restructured"]["status"], records["mark-restructured"]["commit"]) == ("rolled-back", None)
    assert records["mark-restructured"]["gates"][0]["ok"] is True
    assert records["name-app-source"]["status"] == "failed"


def test_the_report_renders_recorded_timings_not_the_clock(project, cli):
    tiny = project()
    assert cli("run", "phase-0", "--project", str(tiny.root))[0] == 0
    config = load_config(tiny.root)
    first = render_report(collect_report(config))
    assert render_report(collect_report(config)) == first
    path = records_path(tiny.root)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tasks"]["mark-prepared"]["gates"][0]["duration"] = 12.345
    path.write_text(json.dumps(data), encoding="utf-8")
    row = _rows(render_report(collect_report(config)))["mark-prepared"]
    assert 'data-gate="tests" data-seconds="12.345"' in row and "12.3 s</span>" in row
