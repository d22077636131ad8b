"""Patterns over dotted names (pure core)."""

from __future__ import annotations

import pytest

from refactor_tools.boundaries.patterns import PatternError, compile_pattern


@pytest.mark.parametrize(
    ("pattern", "name", "expected"),
    [
        ("modules.{m}.**", "modules.alpha", {"m": "alpha"}),
        ("modules.{m}.**", "modules.alpha.api.v1", {"m": "alpha"}),
        ("modules.{m}.**", "modules", None),
        ("modules.{m}.**", "modulesx.alpha", None),
        ("shared.**", "shared", {}),
        ("shared.**", "shared_things", None),
        ("**", "", {}),
        ("**.tests", "tests", {}),
        ("**.tests", "modules.alpha.tests", {}),
        ("**.tests", "modules.alpha.tests.unit", None),
        ("a.**.z", "a.z", {}),
        ("a.**.z", "a.b.c.z", {}),
        ("*", "main", {}),
        ("*", "a.b", None),
        ("test_*", "test_api", {}),
        ("test_*", "conftest", None),
        ("main", "main", {}),
        ("main", "mainx", None),
    ],
)
def test_match(pattern, name, expected):
    assert compile_pattern(pattern).match(name) == expected


def test_bound_capture_and_free_capture_differ():
    pattern = compile_pattern("modules.{other}.**")
    bound = (("m", "alpha"),)
    assert pattern.match("modules.beta.api", bound) == {"other": "beta"}
    assert pattern.match("modules.alpha.api", bound) is None
    own = compile_pattern("modules.{m}.**")
    assert own.match("modules.alpha.api", bound) == {}
    assert own.match("modules.beta", bound) is None


@pytest.mark.parametrize("text", ["", "a..b", "a.{m}.{m}", "a.b-c", "a.{1x}", "a.{m"])
def test_bad_patterns(text):
    with pytest.raises(PatternError):
        compile_pattern(text)
