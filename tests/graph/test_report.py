"""`refactor-tools report` on a small migrated git repository built in the test."""

from __future__ import annotations

import re
from pathlib import Path

import git
import pytest

from refactor_tools.cli import main
from refactor_tools.config import load_config
from refactor_tools.driver import complete_task
from refactor_tools.report import collect_report

PYPROJECT = """\
[project]
name = "shop"
version = "0.0.0"

[tool.refactor-tools]
package = "shop"
source = "src"
plan = "plans/plan.toml"
progress = "plans/PROGRESS.md"
baseline = "pre-migration"

[[tool.refactor-tools.boundaries.rules]]
id = "module-siblings"
from = "modules.{m}.**"
forbid = ["modules.{other}.**"]
"""

PLAN = """\
[plan]
name = "shop-modular"
title = "Shop modular migration"

[[phases]]
id = "phase-0"
title = "Preparation"

[[phases.tasks]]
id = "add-shared"
number = 1
title = "Add the shared layer"
gates = {tests = true, boundaries = "no-new"}

[[phases]]
id = "phase-1"
title = "Decouple"

[[phases.tasks]]
id = "cut-sibling-import"
number = 2
title = "Alpha stops importing beta"
gates = {tests = true, specs = "identical"}

[[phases.tasks]]
id = "remove-shims"
number = 3
title = "Remove the shims"
"""


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def migrated(tmp_path):
    """A repository tagged at its baseline with two of three tasks done, each with its commit."""
    root = tmp_path / "shop"
    for rel in (
        "src/shop/__init__.py",
        "src/shop/modules/__init__.py",
        "src/shop/modules/beta/__init__.py",
        "src/shop/modules/alpha/__init__.py",
    ):
        write(root, rel, "")
    write(root, "src/shop/modules/beta/service.py", "def make():\n    return 1\n")
    write(
        root,
        "src/shop/modules/alpha/api.py",
        "from shop.modules.beta.service import make\n\nVALUE = make()\n",
    )
    write(root, "pyproject.toml", PYPROJECT)
    write(root, "plans/plan.toml", PLAN)
    repo = git.Repo.init(root)
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Report Test")
        cfg.set_value("user", "email", "report@example.invalid")
    repo.git.add(A=True)
    repo.index.commit("legacy shop")
    repo.create_tag("pre-migration")
    config = load_config(root)
    commits = {}
    write(root, "src/shop/shared/__init__.py", "")
    write(root, "src/shop/shared/hub.py", "def hub():\n    return 0\n")
    repo.git.add(A=True)
    commits[1] = repo.index.commit("task 1: shared layer").hexsha
    complete_task(config, "1", ("Gate tests: 1 passed",))
    write(
        root,
        "src/shop/modules/alpha/api.py",
        "from shop.shared.hub import hub\n\nVALUE = hub()\n",
    )
    repo.git.add(A=True)
    commits[2] = repo.index.commit("task 2: no sibling import").hexsha
    complete_task(config, "2")
    return root, commits


def test_report_lists_every_task_with_its_real_commit(migrated, capsys):
    root, commits = migrated
    assert main(["report", "--project", str(root)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == root / ".refactor-tools/report/migration-report.html"
    page = path.read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="task" data-task="([^"]+)">(.*?)</tr>', page)
    assert [task for task, _ in rows] == [
        "add-shared",
        "cut-sibling-import",
        "remove-shims",
    ]
    cells = dict(rows)
    assert (
        f'title="{commits[1]}"' in cells["add-shared"]
        and "state-done" in cells["add-shared"]
    )
    assert f'title="{commits[2]}"' in cells["cut-sibling-import"]
    assert (
        "state-in-progress" in cells["remove-shims"]
        and "<code title=" not in cells["remove-shims"]
    )
    assert (
        "boundaries: no-new" in cells["add-shared"]
        and "Gate tests: 1 passed" in cells["add-shared"]
    )
    assert "specs: identical" in cells["cut-sibling-import"]
    assert "not persisted" not in page
    # Recorded by hand (`complete`): no gates ran for these commits, and the page says so.
    assert "no gate record for this commit" in cells["add-shared"]
    assert "2 of 3 tasks done" in page
    assert repo_is_clean(root)


def repo_is_clean(root: Path) -> bool:
    return not git.Repo(root).is_dirty(untracked_files=True)


def test_graphs_before_and_now_and_the_violation_series(migrated):
    root, commits = migrated
    report = collect_report(load_config(root))
    before = {(e.source, e.target): e for e in report.before.graph.edges}
    assert before[("modules.alpha", "modules.beta")].rules == ("module-siblings",)
    now = {(e.source, e.target) for e in report.now.graph.edges}
    assert now == {("modules.alpha", "shared")}
    series = [(p.label, p.commit, p.count) for p in report.series]
    base = git.Repo(root).commit("pre-migration").hexsha
    assert series == [
        ("baseline", base, 1),
        ("task 1", commits[1], 1),
        ("task 2", commits[2], 0),
    ]


def test_same_input_same_bytes(migrated, tmp_path):
    root, _ = migrated
    assert main(["report", "--project", str(root), "--out", str(tmp_path / "a")]) == 0
    assert main(["report", "--project", str(root), "--out", str(tmp_path / "b")]) == 0
    first = (tmp_path / "a/migration-report.html").read_bytes()
    assert first == (tmp_path / "b/migration-report.html").read_bytes()
    assert b"<script" not in first and b"https://" not in first
    assert (
        str(tmp_path).encode() not in first
    )  # no temporary worktree path leaks into the page


def test_without_plan_is_a_config_error(tmp_path, capsys):
    write(
        tmp_path,
        "pyproject.toml",
        '[tool.refactor-tools]\npackage = "shop"\nsource = "src"\n',
    )
    write(tmp_path, "src/shop/__init__.py", "")
    assert main(["report", "--project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_report_renders_in_chromium(migrated, chromium, tmp_path):
    root, _ = migrated
    assert main(["report", "--project", str(root), "--out", str(tmp_path / "out")]) == 0
    page = chromium(tmp_path / "out/migration-report.html", "report")
    assert page.console == []
    assert page.dom.count('class="phase"') == 2
    assert 'id="graph-before"' in page.dom and 'id="graph-now"' in page.dom
    assert page.dom.count('class="point"') == 3
    assert page.screenshot.is_file() and page.screenshot.stat().st_size > 0
