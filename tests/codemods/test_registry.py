"""One codemod registry: every name a plan may use, one result type, "did you mean" for typos."""

from __future__ import annotations

import pytest

from refactor_tools.codemod_result import CodemodResult
from refactor_tools.codemods import registry
from refactor_tools.driver import known_codemods, register_codemod
from refactor_tools.errors import ConfigError


def test_the_driver_and_the_registry_list_the_same_names():
    assert {"move-files", "tests-use-fixtures", "record-boundaries-baseline"} <= set(registry.names())
    assert known_codemods() == registry.names()


@pytest.mark.parametrize("name", ["move-files", "tests-use-fixtures", "record-boundaries-baseline"])
def test_every_built_in_name_loads_a_callable(name):
    assert callable(registry.lookup(name))


def test_a_typo_suggests_the_closest_name_and_lists_all():
    with pytest.raises(ConfigError) as info:
        registry.lookup("move-file")
    assert "unknown codemod 'move-file'" in str(info.value)
    assert "did you mean 'move-files'?" in info.value.hint
    assert "known codemods: " in info.value.hint and "tests-use-fixtures" in info.value.hint


def test_a_name_nothing_resembles_gets_the_list_only():
    with pytest.raises(ConfigError) as info:
        registry.lookup("zzzz")
    assert "did you mean" not in info.value.hint


def test_registered_codemods_join_the_same_table(monkeypatch):
    monkeypatch.setattr(registry, "_TABLE", dict(registry._TABLE))

    def mine(config, options, dry_run=False):
        return CodemodResult("mine", ())

    register_codemod("mine", mine)
    assert registry.lookup("mine") is mine and "mine" in known_codemods()


@pytest.mark.parametrize("target", ["not-a-target", 42])
def test_a_target_that_is_neither_callable_nor_module_function_is_refused(monkeypatch, target):
    monkeypatch.setattr(registry, "_TABLE", dict(registry._TABLE))
    with pytest.raises(ConfigError, match="neither a callable nor 'module:function'"):
        registry.register("bad", target)


def test_an_unloadable_target_names_it(monkeypatch):
    monkeypatch.setattr(registry, "_TABLE", dict(registry._TABLE))
    registry.register("ghost", "refactor_tools.no_such_module:fn")
    with pytest.raises(ConfigError, match="cannot load 'refactor_tools.no_such_module:fn'"):
        registry.lookup("ghost")
