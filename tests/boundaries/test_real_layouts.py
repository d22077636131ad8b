"""Real layouts: excluded folders, non-packages with their true reason, guards that warn or
are known, shims as aliases, several root packages."""

from __future__ import annotations

import json
import shutil

import pytest

from refactor_tools.boundaries import aliases
from refactor_tools.codemods import shims

IDENTIFIER = (
    "not in the import graph: folder app/email-templates: 'email-templates' is not a valid "
    "Python identifier, so it cannot be imported"
)


def test_excluded_folder_is_not_analysed_and_raises_no_guard(project, run):
    data = json.loads(run(project("excluded"), "--format", "json").out)
    assert [g["path"] for g in data["guards"]] == ["app/email-templates/__init__.py", "app/email-templates/render.py"]
    assert not any("alembic" in g["path"] for g in data["guards"])
    assert data["counts"]["modules"] == 7
    assert data["new"] == []


def test_without_exclude_the_folder_is_reported_as_missing_its_init(project, run, edit):
    root = project("excluded")
    edit(root / "pyproject.toml", 'exclude = ["alembic/**"]', "")
    data = json.loads(run(root, "--format", "json").out)
    messages = {g["path"]: g["message"] for g in data["guards"]}
    assert messages["app/alembic/env.py"] == "not in the import graph: folder app/alembic has no __init__.py"
    assert messages["app/alembic/versions/0001_init.py"] == "not in the import graph: folder app/alembic has no __init__.py"


def test_a_folder_name_that_is_not_an_identifier_is_reported_as_such(project, run):
    result = run(project("excluded"))
    assert result.code == 1
    assert f"app/email-templates/render.py:1: [skipped-file] {IDENTIFIER}" in result.out
    assert "has no __init__.py" not in result.out


def test_a_file_name_that_is_not_an_identifier_is_reported_as_such(project, run):
    root = project("excluded")
    (root / "app" / "seed-data.py").write_text("")
    (root / "app" / "class.py").write_text("")
    out = run(root).out
    assert "app/seed-data.py:1: [skipped-file] not in the import graph: file name 'seed-data.py': 'seed-data' is not a valid Python identifier" in out
    assert "app/class.py:1: [skipped-file] not in the import graph: file name 'class.py': 'class' is a Python keyword" in out


def test_exclude_globs_relative_to_the_project_root_work_too(project, run, edit):
    root = project("excluded")
    edit(root / "pyproject.toml", 'exclude = ["alembic/**"]', 'exclude = ["app/alembic/**", "app/email-templates"]')
    result = run(root)
    assert result.code == 0, result.out
    assert "guards: 0" in result.out


def test_an_exclude_glob_that_matches_nothing_is_a_config_error(project, run, edit):
    root = project("excluded")
    edit(root / "pyproject.toml", 'exclude = ["alembic/**"]', 'exclude = ["alembic/**", "migrations/**"]')
    result = run(root)
    assert result.code == 2
    assert "[tool.refactor-tools.boundaries.exclude[1]]: exclude glob 'migrations/**' matches no .py file" in result.err


@pytest.mark.parametrize("value", ['"loud"', "true"])
def test_skipped_files_takes_error_or_warn_only(project, run, edit, value):
    root = project("excluded")
    edit(root / "pyproject.toml", "[tool.refactor-tools.boundaries]", f"[tool.refactor-tools.boundaries]\nskipped-files = {value}")
    result = run(root)
    assert result.code == 2
    assert "[tool.refactor-tools.boundaries.skipped-files]: 'skipped-files' must be 'error' or 'warn'" in result.err


def test_skipped_files_warn_lists_them_without_failing(project, run, edit):
    root = project("excluded")
    edit(root / "pyproject.toml", "[tool.refactor-tools.boundaries]", '[tool.refactor-tools.boundaries]\nskipped-files = "warn"')
    result = run(root)
    assert result.code == 0
    assert 'coverage warnings (skipped-files = "warn"):' in result.out
    assert f"app/email-templates/render.py:1: [skipped-file] {IDENTIFIER}" in result.out
    assert result.out.splitlines()[-1].startswith("OK: 0 new violations, 0 stale baseline entries, 0 guards, 2 warnings")
    github = run(root, "--format", "github").out
    assert "::warning file=app/email-templates/render.py,line=1,title=[skipped-file]::" in github


def test_guards_recorded_in_the_baseline_pass_until_fixed_then_are_stale(project, run):
    root = project("excluded")
    assert run(root, "--update-baseline").code == 1  # growth refused
    assert run(root, "--update-baseline", "--allow-growth").code == 0
    recorded = json.loads((root / ".refactor-tools/boundaries-baseline.json").read_text())
    assert recorded == {
        "guards": [
            {"kind": "skipped-file", "path": "app/email-templates/__init__.py"},
            {"kind": "skipped-file", "path": "app/email-templates/render.py"},
        ],
        "version": 1,
        "violations": [],
    }
    known = run(root)
    assert known.code == 0
    assert known.out.splitlines()[-1] == "OK: 0 new violations, 0 stale baseline entries, 0 guards (2 baselined, 7 modules, 1 rule)"
    shutil.move(root / "app/email-templates", root / "app/email_templates")
    stale = run(root)
    assert stale.code == 1
    assert "  [skipped-file] app/email-templates/render.py (stale, the file is analysed now)" in stale.out
    assert run(root, "--prune").code == 0
    assert "guards" not in json.loads((root / ".refactor-tools/boundaries-baseline.json").read_text())


def test_a_shim_is_an_alias_for_every_rule(project, run):
    data = json.loads(run(project("shims"), "--format", "json").out)
    found = [(v["imported"], v["line"], v["statement"]) for v in data["new"]]
    assert found == [
        ("shop.modules.beta.helpers", 3, "from shop.common import helper"),
        ("shop.modules.beta.service", 4, "from shop.legacy.service import BetaService"),
        ("shop.modules.beta", 5, "import shop.legacy"),
    ]
    assert data["counts"]["modules"] == 7  # the shims are aliases, not modules


def test_aliases_follow_shims_of_shims(project, run):
    root = project("shims")
    # shop.older -> shop.common -> shop.modules.beta.helpers
    (root / "src/shop/older.py").write_text(shims.shim_source("shop.older", "shop.common", package=False))
    (root / "src/shop/modules/alpha/more.py").write_text("from shop.older import helper\n")
    data = json.loads(run(root, "--format", "json").out)
    assert ("shop.modules.alpha.more", "shop.modules.beta.helpers") in {(v["importer"], v["imported"]) for v in data["new"]}


def test_shim_marker_spelling_matches_the_move_codemod():
    for package in (False, True):
        text = shims.shim_source("shop.old", "shop.new.place", package=package)
        assert aliases.shim_target(text.encode()) == shims.shim_target(text) == "shop.new.place"
    assert aliases.shim_target(b'"""Not a shim."""\n') is None


def test_several_root_packages_are_checked_together(project, run):
    root = project("multi_root")
    result = run(root)
    assert result.code == 1
    assert result.out.splitlines()[0] == "check-boundaries: packages app, scripts, 6 modules, 2 rules"
    assert "scripts/seed.py:4: [scripts-use-the-api] scripts.seed -> app.modules.db" in result.out
    data = json.loads(run(root, "--format", "json").out)
    assert data["package"] == ["app", "scripts"]
    assert [(v["importer"], v["imported"]) for v in data["new"]] == [("scripts.seed", "app.modules.db")]


def test_several_root_packages_take_full_names_in_patterns(project, run, edit):
    root = project("multi_root")
    edit(root / "pyproject.toml", 'forbid = ["app.modules.**"]', 'forbid = ["modules.**"]')
    result = run(root)
    assert result.code == 2
    assert "pattern 'modules.**' matches no module of packages app, scripts" in result.err
    assert "Hint: with several root packages, patterns name modules in full: write 'app.modules.**'" in result.err


@pytest.mark.parametrize("value", ["[]", '["app", "app"]', '["app", 3]'])
def test_bad_package_lists_are_config_errors(project, run, edit, value):
    root = project("multi_root")
    edit(root / "pyproject.toml", 'package = ["app", "scripts"]', f"package = {value}")
    result = run(root)
    assert result.code == 2
    assert "[tool.refactor-tools.package]: 'package' must be the root package's dotted name or a list" in result.err


def test_a_table_without_rules_only_guards_the_files(project, run, edit):
    root = project("excluded")
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(text.split("[[tool.refactor-tools.boundaries.rules]]")[0])
    result = run(root)
    assert result.code == 1  # the email-templates files still cannot be analysed
    assert result.out.splitlines()[-1] == "FAILED: 0 new violations, 0 stale baseline entries, 2 guards (0 baselined, 7 modules, 0 rules)"


def test_an_excluded_module_is_not_analysed_but_importing_it_still_counts(project, run, edit):
    root = project("excluded")
    edit(root / "pyproject.toml", 'exclude = ["alembic/**"]', 'exclude = ["alembic/**", "email-templates", "modules/users/service.py"]')
    (root / "app/modules/users/service.py").write_text("from app.modules.items import api  # not analysed\n")
    (root / "app/modules/items/api.py").write_text("from app.modules.users import service\n")
    data = json.loads(run(root, "--format", "json").out)
    assert [(v["importer"], v["imported"]) for v in data["new"]] == [("app.modules.items.api", "app.modules.users.service")]
    assert data["counts"]["modules"] == 6 and data["guards"] == []
