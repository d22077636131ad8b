"""Coverage guards (skipped files, syntax errors) and configuration errors (exit 2)."""

from __future__ import annotations

import json
import os

import pytest


def test_file_in_folder_without_init_is_reported_and_the_rest_checked(project, run):
    result = run(project("skipped_file"), "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["guards"] == [
        {
            "kind": "skipped-file",
            "line": 1,
            "message": "not in the import graph: folder src/shop/modules/alpha/jobs has no __init__.py",
            "path": "src/shop/modules/alpha/jobs/nightly.py",
        }
    ]
    assert [v["importer"] for v in data["new"]] == ["shop.modules.alpha.api"]


def test_adding_the_init_file_brings_the_file_into_the_graph(project, run):
    root = project("skipped_file")
    (root / "src/shop/modules/alpha/jobs/__init__.py").write_text("")
    data = json.loads(run(root, "--format", "json").out)
    assert data["guards"] == []
    assert [v["importer"] for v in data["new"]] == ["shop.modules.alpha.api", "shop.modules.alpha.jobs.nightly"]


def test_syntax_error_is_reported_with_line_and_the_rest_checked(project, run):
    root = project("syntax_error")
    result = run(root)
    assert result.code == 1
    assert "src/shop/modules/beta/broken.py:5: [syntax-error] syntax error (invalid syntax); this file's imports are not checked" in result.out
    assert "src/shop/modules/alpha/api.py:3: [module-siblings] shop.modules.alpha.api -> shop.modules.beta.thing" in result.out
    assert run(root).out == result.out  # from the cache: same answer


def test_syntax_error_with_cache_disabled(project, run):
    result = run(project("syntax_error"), "--no-cache", "--format", "json")
    data = json.loads(result.out)
    assert [(g["kind"], g["line"]) for g in data["guards"]] == [("syntax-error", 5)]
    assert len(data["new"]) == 1


BAD_CONFIGS = [
    ('id = "module-siblings"', 'id = "module-siblings"\nmodes = "direct"',
     "[tool.refactor-tools.boundaries.rules[0].modes]: unknown key 'modes'", "did you mean 'mode'?"),
    ('forbid = ["modules.{other}.**"]', 'forbid = ["modulez.{other}.**"]',
     "[tool.refactor-tools.boundaries.rules[0].forbid[0]]: pattern 'modulez.{other}.**' matches no module of package 'shop'", None),
    ('from = "modules.{m}.**"', 'from = "modules.{m}.**"\nmode = "sometimes"',
     "[tool.refactor-tools.boundaries.rules[0].mode]: 'mode' must be 'direct' or 'transitive', got 'sometimes'", None),
    ('from = "modules.{m}.**"', 'from = "modules..x"',
     "[tool.refactor-tools.boundaries.rules[0].from]: bad segment '' in 'modules..x'", None),
    ('[[tool.refactor-tools.boundaries.rules]]', '[tool.refactor-tools.boundaries]\nexcempt = ["main"]\n\n[[tool.refactor-tools.boundaries.rules]]',
     "[tool.refactor-tools.boundaries.excempt]: unknown key 'excempt'", "did you mean 'exempt'?"),
    ('id = "module-siblings"', 'id = "module-siblings"\nstrict = "yes"',
     "[tool.refactor-tools.boundaries.rules[0].strict]: 'strict' must be true or false, got 'yes'", None),
]


@pytest.mark.parametrize(("old", "new", "message", "hint"), BAD_CONFIGS)
def test_bad_config_exits_2_naming_the_key(project, run, edit, old, new, message, hint):
    root = project("skipped_file")
    edit(root / "pyproject.toml", old, new)
    result = run(root)
    assert result.code == 2
    assert result.out == ""
    assert message in result.err
    if hint:
        assert hint in result.err


def test_root_package_without_init_is_a_config_error(project, run):
    root = project("siblings")
    os.remove(root / "src/shop/__init__.py")
    result = run(root)
    assert result.code == 2
    assert "[tool.refactor-tools.package]: root package 'shop' at src/shop has no __init__.py" in result.err


def test_another_copy_of_the_package_on_the_path_changes_nothing(project, run_subprocess, tmp_path):
    root = project("siblings")
    # Files are read from the configured source, never found through the import system.
    other = tmp_path / "elsewhere"
    (other / "shop").mkdir(parents=True)
    (other / "shop" / "__init__.py").write_text("")
    plain = run_subprocess(root, "--no-cache")
    shadowed = run_subprocess(root, "--no-cache", env={**os.environ, "PYTHONPATH": str(other)})
    assert (shadowed.code, shadowed.out) == (plain.code, plain.out) == (1, plain.out)
    assert "shop.modules.beta.api -> shop.modules.alpha.service" in plain.out


def test_unknown_format_is_a_usage_error(project, run):
    result = run(project("siblings"), "--format", "xml")
    assert result.code == 2
    assert "'xml' is not one of 'text', 'json', 'github', 'sarif'" in result.err
