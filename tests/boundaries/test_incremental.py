"""The per-file cache answers exactly like a cold run, whatever the edits in between."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refactor_tools.boundaries import check_boundaries
from refactor_tools.boundaries.analysis import CACHE_DIR
from refactor_tools.config import load_config
from refactor_tools.errors import ConfigError

PYPROJECT = """\
[tool.refactor-tools]
package = "pkg"
source = "src"

[tool.refactor-tools.boundaries]
skipped-files = "warn"

[[tool.refactor-tools.boundaries.rules]]
id = "a-not-b"
from = "a.**"
forbid = ["b.**"]

[[tool.refactor-tools.boundaries.rules]]
id = "b-not-c-transitively"
from = "b.**"
forbid = ["c.**"]
mode = "transitive"
type_checking = false
"""

# Paths below src/pkg that the edits play with; a and b always stay packages.
FILES = ["a/x.py", "a/y.py", "b/x.py", "b/z.py", "c/__init__.py", "c/w.py", "c/deep/__init__.py", "c/deep/v.py", "top.py"]
TARGETS = ["pkg", "pkg.a", "pkg.a.x", "pkg.a.y", "pkg.b.x", "pkg.b.z", "pkg.c", "pkg.c.w", "pkg.c.deep", "pkg.c.deep.v",
           "pkg.top", "pkg.gone", "pkg.c.deep.v.attr"]
STATEMENTS = st.one_of(
    st.sampled_from(TARGETS).map(lambda t: f"import {t}"),
    st.tuples(st.sampled_from(TARGETS), st.sampled_from(["thing", "w", "v", "x", "deep"])).map(
        lambda pair: f"from {pair[0]} import {pair[1]}"
    ),
    st.sampled_from(["from . import x", "from .. import top", "from ..c import w", "from .deep import v"]),
    st.sampled_from(TARGETS).map(lambda t: f"from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import {t}"),
    st.sampled_from(TARGETS).map(lambda t: f"def f():\n    import {t}"),
)
SOURCES = st.one_of(
    st.lists(STATEMENTS, max_size=4).map(lambda lines: "\n".join(lines) + "\n"),
    st.just("def broken(:\n"),
    st.sampled_from(["pkg.c.w", "pkg.c", "pkg.b.z"]).map(lambda new: f"# refactor-tools: shim -> {new}\n"),
)
EDITS = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(FILES), SOURCES),
    st.tuples(st.just("delete"), st.sampled_from(FILES), st.just("")),
    st.tuples(st.just("rename"), st.sampled_from(FILES), st.sampled_from(FILES)),
)


def _outcome(root: Path, cache: bool):
    try:
        report = check_boundaries(load_config(root), baseline="ignore", cache=cache)
    except ConfigError as exc:
        return ("config error", exc.render())
    return report


def _apply(package: Path, edit: tuple[str, str, str]) -> None:
    kind, name, value = edit
    path = package / name
    if kind == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value)
    elif kind == "delete":
        path.unlink(missing_ok=True)
    elif path.exists() and value != name:
        target = package / value
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)


def _fresh_project(base: Path, counter: list[int]) -> Path:
    counter[0] += 1
    root = base / f"p{counter[0]}"
    package = root / "src" / "pkg"
    for folder in ("", "a", "b"):
        (package / folder).mkdir(parents=True, exist_ok=True)
        (package / folder / "__init__.py").write_text("")
    (package / "a" / "x.py").write_text("import pkg.b.x\n")
    (package / "b" / "x.py").write_text("from pkg.c import w\n")
    (package / "c").mkdir()
    (package / "c" / "__init__.py").write_text("")
    (package / "c" / "w.py").write_text("")
    (root / "pyproject.toml").write_text(PYPROJECT)
    return root


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDITS, min_size=1, max_size=8))
def test_cached_report_equals_cold_report_after_any_edits(tmp_path, edits):
    counter = getattr(test_cached_report_equals_cold_report_after_any_edits, "_counter", [0])
    test_cached_report_equals_cold_report_after_any_edits._counter = counter
    root = _fresh_project(tmp_path, counter)
    package = root / "src" / "pkg"
    assert _outcome(root, cache=True) == _outcome(root, cache=False)
    for edit in edits:
        _apply(package, edit)
        cached, cold = _outcome(root, cache=True), _outcome(root, cache=False)
        assert cached == cold, edit


def test_touching_one_file_reads_only_that_file(tmp_path):
    root = _fresh_project(tmp_path, [0])
    package = root / "src" / "pkg"
    from refactor_tools.boundaries import analysis, incremental

    seen = []
    real = incremental.importscan.scan

    def counting(targets, roots, names):
        seen.append(sorted(t.module for t in targets))
        return real(targets, roots, names)

    incremental.importscan.scan = counting
    try:
        check_boundaries(load_config(root), baseline="ignore")
        assert len(seen[0]) == 7  # cold: every module
        (package / "a" / "x.py").write_text("import pkg.c.w\n")
        report = check_boundaries(load_config(root), baseline="ignore")
        assert seen[1] == ["pkg.a.x"]  # an edit: one file read again
        assert [v.imported for v in report.new if v.rule == "a-not-b"] == []
        (package / "a" / "x.py").write_text("import pkg.b.x\n")
        report = check_boundaries(load_config(root), baseline="ignore")
        assert [v.imported for v in report.new if v.rule == "a-not-b"] == ["pkg.b.x"]
        assert seen[2] == ["pkg.a.x"]
    finally:
        incremental.importscan.scan = real
    assert (root / CACHE_DIR / analysis.CACHE_FILE).is_file()


def test_type_checking_imports_are_marked_from_the_cache_too(tmp_path):
    root = _fresh_project(tmp_path, [0])
    (root / "src/pkg/b/z.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.c.w\n")

    def chains(cache):
        report = check_boundaries(load_config(root), cache=cache)
        return [(v.importer, v.imported) for v in report.new if v.rule == "b-not-c-transitively"]

    cold, first, second = chains(False), chains(True), chains(True)
    # b.x imports c.w; b.z's import is TYPE_CHECKING-only, which this rule ignores.
    assert cold == first == second == [("pkg.b.x", "pkg.c.w")]


def test_a_pattern_that_stops_matching_is_caught_with_warm_caches(tmp_path):
    root = _fresh_project(tmp_path, [0])
    check_boundaries(load_config(root))
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(text.replace('forbid = ["b.**"]', 'forbid = ["bb.**"]'))
    try:
        check_boundaries(load_config(root))
    except ConfigError as exc:
        assert "pattern 'bb.**' matches no module of package 'pkg'" in exc.render()
    else:
        raise AssertionError("expected a ConfigError")
    (root / "pyproject.toml").write_text(text)
    (root / "src/pkg/b/x.py").unlink()
    (root / "src/pkg/b/__init__.py").unlink()  # b is gone: the cached check must not hide it
    try:
        check_boundaries(load_config(root))
    except ConfigError as exc:
        assert "pattern 'b.**' matches no module" in exc.render()
    else:
        raise AssertionError("expected a ConfigError")


def test_a_grimp_without_the_scanner_is_a_config_error_naming_the_supported_versions(tmp_path, monkeypatch):
    import pytest
    from grimp import _rustgrimp

    root = _fresh_project(tmp_path, [0])
    monkeypatch.delattr(_rustgrimp, "scan_for_imports")
    with pytest.raises(ConfigError) as info:
        check_boundaries(load_config(root), baseline="ignore", cache=False)
    assert "lacks the import scanner" in str(info.value) and "3.14 to 3.20" in str(info.value)
    assert "grimp>=3.14,<3.21" in info.value.hint
