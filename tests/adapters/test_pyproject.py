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


RULES_AS_TABLES = """[tool.refactor-tools]
package = "app"

[tool.refactor-tools.boundaries]
exempt = ["main"]  # composition root

# The rules of the modular app.
[[tool.refactor-tools.boundaries.rules]]
id = "old-one"  # first rule
from = "a.**"
forbid = ["b.**"]

[[tool.refactor-tools.boundaries.rules]]
id = "old-two"
from = "b.**"
allow = ["b.**"]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""


def test_replacing_an_array_of_tables_keeps_its_form_and_the_comments_around_it():
    rules = [{"id": "siblings", "from": "modules.{m}.**", "forbid": ["modules.{other}.**"]},
             {"id": "shared", "from": "shared.**", "allow": ["shared.**", "models.**"]}]
    new = set_key(RULES_AS_TABLES, ["tool", "refactor-tools", "boundaries"], "rules", rules)
    assert new == RULES_AS_TABLES.replace(
        'id = "old-one"  # first rule\nfrom = "a.**"\nforbid = ["b.**"]\n',
        'id = "siblings"\nfrom = "modules.{m}.**"\nforbid = ["modules.{other}.**"]\n',
    ).replace(
        'id = "old-two"\nfrom = "b.**"\nallow = ["b.**"]\n',
        'id = "shared"\nfrom = "shared.**"\nallow = ["shared.**", "models.**"]\n',
    )


def test_inline_tables_and_dotted_keys_are_edited_in_place():
    inline = '[tool.refactor-tools]\npackage = "app"\napp = {legacy = "app.main:app", source = "legacy"}  # inline\n'
    new = set_key(inline, ["tool", "refactor-tools", "app"], "source", "factory")
    assert new == inline.replace('source = "legacy"', 'source = "factory"')
    dotted = '[tool.refactor-tools]\npackage = "app"\napp.source = "legacy"\n'
    new = set_key(dotted, ["tool", "refactor-tools", "app"], "source", "factory")
    assert new == dotted.replace('"legacy"', '"factory"')


def test_a_value_on_the_way_is_refused():
    with pytest.raises(ConfigError, match=r"\[tool.refactor-tools.app\] is a value, not a table"):
        set_key('[tool.refactor-tools]\napp = "x"\n', ["tool", "refactor-tools", "app"], "source", "f")


def test_values_toml_cannot_hold_are_refused():
    with pytest.raises(ConfigError, match="cannot write None as a TOML value"):
        set_key("[tool]\n", ["tool"], "a", None)
