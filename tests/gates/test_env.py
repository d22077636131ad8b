"""adapters.env: `env-file` then `env`, with clear errors for bad values."""

from __future__ import annotations

import pytest

from refactor_tools.adapters.env import load_project_env, parse_env_file
from refactor_tools.errors import ConfigError


def test_env_file_forms():
    text = (
        "# comment\n\nexport A=1\nB = two words  # trailing comment\nC='single # kept'\n"
        'D="line\\nbreak \\"q\\""\nE=\nF=a=b\n'
    )
    assert parse_env_file(text, ".env") == {
        "A": "1", "B": "two words", "C": "single # kept", "D": 'line\nbreak "q"', "E": "", "F": "a=b",
    }


def test_env_overrides_env_file(tmp_path):
    (tmp_path / ".env").write_text("A=file\nB=file\n", encoding="utf-8")
    table = {"env-file": ".env", "env": {"B": "table", "PORT": 8000}}
    assert load_project_env(tmp_path, table) == {"A": "file", "B": "table", "PORT": "8000"}


def test_nothing_configured(tmp_path):
    assert load_project_env(tmp_path, {}) == {}


@pytest.mark.parametrize(
    ("table", "files", "message"),
    [
        ({"env-file": ".env"}, {}, "env-file '.env' does not exist"),
        ({"env-file": "../outside.env"}, {}, "outside the project"),
        ({"env-file": ".env"}, {".env": "not a pair\n"}, "line 1: expected KEY=value, got 'not a pair'"),
        ({"env-file": ".env"}, {".env": 'A="open\n'}, 'line 1: unterminated " quote'),
        ({"env": {"DEBUG": True}}, {}, "DEBUG must be a string (or a number), got True"),
        ({"env": {"1BAD": "x"}}, {}, "'1BAD' is not a valid environment variable name"),
        ({"env": "A=1"}, {}, "'env' must be a table"),
        ({"env-file": 3}, {}, "'env-file' must be a path, got 3"),
    ],
)
def test_bad_input_is_a_config_error(tmp_path, table, files, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_project_env(tmp_path, table)
    assert message in info.value.message
    assert info.value.exit_code == 2
