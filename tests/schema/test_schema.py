"""The configuration models: every key, unknown keys with "did you mean", and the shipped schema."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from refactor_tools.cli import main
from refactor_tools.errors import ConfigError
from refactor_tools.schema import SCHEMA_FILE, json_schema, validate_table

REPO = Path(__file__).resolve().parents[2]

# ARCHITECTURE.md §8: the keys every issue shares, as a user would write them.
SHARED_KEYS = '''
[tool.refactor-tools]
package = "app"
source = "."
env-file = ".env"
env = { ENVIRONMENT = "local" }

[tool.refactor-tools.app]
client-scope = "function"
app-scope = "function"
fixture-prefix = ""

[tool.refactor-tools.specs]
env = { ENVIRONMENT = "local" }
copy-untracked = [".env"]

[tool.refactor-tools.boundaries]
exclude = ["alembic/**"]
skipped-files = "error"

[tool.refactor-tools.driver]
pytest-args = []
timeout = 1800
commit-hooks = false

[[tool.refactor-tools.gates.commands]]
name = "ruff"
command = "ruff check ."
run = "gate"

[tool.refactor-tools.codemods]
after = ["ruff check --fix --select I {files}", "ruff format {files}"]
'''


def _table(text: str) -> dict:
    return tomllib.loads(text)["tool"]["refactor-tools"]


def _repo_tables() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(REPO.rglob("pyproject.toml")):
        if {".venv", "node_modules", "build"} & set(path.relative_to(REPO).parts):
            continue
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("refactor-tools")
        if table is not None:
            found.append((path.relative_to(REPO).as_posix(), table))
    return found


def test_shipped_json_schema_equals_the_models() -> None:
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == json_schema(), "regenerate with: refactor-tools config --schema > src/refactor_tools/config_schema.json"


def test_the_cli_prints_the_shipped_schema_byte_for_byte(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--schema"]) == 0
    assert capsys.readouterr().out == SCHEMA_FILE.read_text(encoding="utf-8")


def test_every_shared_key_of_the_architecture_is_in_the_schema() -> None:
    config = validate_table(_table(SHARED_KEYS), "pyproject.toml")
    assert config.env_file == ".env" and config.driver.timeout == 1800
    assert config.gates.commands[0].run == "gate" and config.boundaries.skipped_files == "error"
    jsonschema.validate(_table(SHARED_KEYS), json_schema())


@pytest.mark.parametrize(("where", "table"), _repo_tables(), ids=[w for w, _ in _repo_tables()])
def test_every_configuration_in_the_repository_passes_models_and_schema(where: str, table: dict) -> None:
    validate_table(table, where)
    jsonschema.validate(table, json_schema())


TYPOS = [
    ('basline = "x"', "", "tool.refactor-tools.basline", "baseline"),
    ('plna = "plans/x.toml"', "", "tool.refactor-tools.plna", "plan"),
    ('envfile = ".env"', "", "tool.refactor-tools.envfile", "env-file"),
    ("", '[tool.refactor-tools.app]\nclient_scope = "module"', "tool.refactor-tools.app.client_scope", "client-scope"),
    ("", '[tool.refactor-tools.specs]\nopnapi = "a.main:app"', "tool.refactor-tools.specs.opnapi", "openapi"),
    ("", '[tool.refactor-tools.boundaries]\nexcempt = ["main"]', "tool.refactor-tools.boundaries.excempt", "exempt"),
    ("", '[[tool.refactor-tools.boundaries.rules]]\nid = "r"\nfrom = "a"\nforbid = ["b"]\nmodes = "direct"',
     "tool.refactor-tools.boundaries.rules[0].modes", "mode"),
    ("", "[tool.refactor-tools.driver]\ntimout = 60", "tool.refactor-tools.driver.timout", "timeout"),
    ("", '[tool.refactor-tools.gates]\ncomands = []', "tool.refactor-tools.gates.comands", "commands"),
    ("", '[[tool.refactor-tools.gates.commands]]\nname = "ruff"\ncommand = "ruff check ."\nrun = "gate"\nrn = "x"',
     "tool.refactor-tools.gates.commands[0].rn", "run"),
    ("", '[tool.refactor-tools.codemods]\naftr = []', "tool.refactor-tools.codemods.aftr", "after"),
]


@pytest.mark.parametrize(("top", "tail", "key", "suggestion"), TYPOS)
def test_unknown_key_in_every_table_gets_did_you_mean(top: str, tail: str, key: str, suggestion: str) -> None:
    text = f'[tool.refactor-tools]\npackage = "app"\n{top}\n{tail}\n'
    with pytest.raises(ConfigError) as caught:
        validate_table(_table(text), "pyproject.toml")
    rendered = caught.value.render()
    assert rendered.startswith(f"pyproject.toml: [{key}]: unknown key '{key.rsplit('.', 1)[-1]}'")
    assert rendered.endswith(f"Hint: did you mean {suggestion!r}?")


@pytest.mark.parametrize(("tail", "message"), [
    ('[tool.refactor-tools.driver]\ncommit-hooks = "yes"',
     "[tool.refactor-tools.driver.commit-hooks]: 'commit-hooks' must be true or false, got 'yes'"),
    ('[tool.refactor-tools.app]\nsource = "both"',
     "[tool.refactor-tools.app.source]: 'source' must be 'legacy' or 'factory', got 'both'"),
    ('[tool.refactor-tools.specs]\nopenapi = "app.main"',
     "[tool.refactor-tools.specs.openapi]: 'openapi' must be \"package.module:object\", got 'app.main'"),
    ("[tool.refactor-tools.driver]\ntimeout = -1",
     "[tool.refactor-tools.driver.timeout]: 'timeout' must be a number of seconds (0 = no limit), got -1"),
    ("[tool.refactor-tools.env]\nPORT = 8000",
     "[tool.refactor-tools.env]: 'env' must be a table of string values"),
    ('[tool.refactor-tools.boundaries]\nskipped-files = "ignore"',
     "'skipped-files' must be 'error' or 'warn', got 'ignore'"),
])
def test_bad_values_name_key_expectation_and_value(tail: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        validate_table(_table(f'[tool.refactor-tools]\npackage = "app"\n{tail}\n'), "pyproject.toml")
    assert message in caught.value.render()


def test_every_problem_is_listed_not_only_the_first() -> None:
    text = '[tool.refactor-tools]\npackage = "app"\nbasline = "x"\n[tool.refactor-tools.driver]\ntimout = 1\n'
    with pytest.raises(ConfigError) as caught:
        validate_table(_table(text), "pyproject.toml")
    assert "also [tool.refactor-tools.driver.timout]: unknown key 'timout' (did you mean 'timeout'?)" in caught.value.render()


def test_an_unknown_top_level_key_stops_every_command_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "pyproject.toml").write_text('[tool.refactor-tools]\npackage = "app"\nplna = "plan.toml"\n')
    for command in (["status"], ["check-boundaries"], ["export-specs", "--check"], ["config"]):
        assert main([*command, "--project", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert "[tool.refactor-tools.plna]: unknown key 'plna'" in err and "did you mean 'plan'?" in err


def _model_tree(model) -> dict:
    import types
    import typing

    from pydantic import BaseModel

    def sub(annotation):
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            return next((s for s in map(sub, typing.get_args(annotation)) if s), None)
        if origin is list:
            (inner,) = typing.get_args(annotation)
            return ("list", inner) if isinstance(inner, type) and issubclass(inner, BaseModel) else None
        return ("table", annotation) if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None

    tree = {}
    for name, field in model.model_fields.items():
        found = sub(field.annotation)
        tree[field.alias or name] = None if found is None else (found[0], _model_tree(found[1]))
    return tree


def test_the_fast_key_tree_equals_the_models() -> None:
    from refactor_tools.schema import RefactorToolsConfig
    from refactor_tools.schema_keys import KEYS

    assert KEYS == _model_tree(RefactorToolsConfig)
