"""The TOML editor of the `config` action changes one value and keeps every other byte."""

from __future__ import annotations

import pytest

from refactor_tools.adapters.pyproject import set_key
from refactor_tools.errors import ConfigError

TEXT = """[project]
name = "x"  # the name

[tool.refactor-tools]
package = "app"   # root package
source = "src"

[tool.refactor-tools.app]
legacy = "app.main:app"
source = "legacy"   # switched by the plan
extra = [
  "a",
  "b",
]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""


def test_replace_value_keeps_comment_and_other_lines():
    new = set_key(TEXT, ["tool", "refactor-tools", "app"], "source", "factory")
    assert new == TEXT.replace('source = "legacy"   # switched', 'source = "factory"   # switched')


def test_replace_multiline_value():
    new = set_key(TEXT, ["tool", "refactor-tools", "app"], "extra", ["c"])
    assert new == TEXT.replace('extra = [\n  "a",\n  "b",\n]\n', 'extra = ["c"]\n')


def test_add_key_to_existing_table():
    new = set_key(TEXT, ["tool", "refactor-tools"], "baseline", "v1")
    assert new == TEXT.replace('source = "src"\n', 'source = "src"\nbaseline = "v1"\n')


def test_add_missing_table_after_related_tables():
    new = set_key(TEXT, ["tool", "refactor-tools", "driver"], "stage", True)
    assert new == TEXT.replace('  "b",\n]\n', '  "b",\n]\n\n[tool.refactor-tools.driver]\nstage = true\n')


def test_invalid_toml_is_refused():
    with pytest.raises(ConfigError, match="does not parse"):
        set_key("[tool\n", ["tool"], "a", 1)
