"""The project's environment for every command the harness runs: `env-file` and `env`.

Public API:
    load_project_env(root, table) -> dict[str, str]
    parse_env_file(text, source) -> dict[str, str]
    parse_env_table(value, pyproject, key) -> dict[str, str]

`table` is the `[tool.refactor-tools]` table. `env-file = ".env"` is read first (a path inside
the project), then `env = {KEY = "value"}` overrides it. The result holds only what the project
configured; callers lay it over the inherited environment.

The env-file format is the common `.env` one: `KEY=value` lines, optional `export ` prefix,
`#` comments, values in single quotes (literal) or double quotes (`\\n`, `\\t`, `\\"`, `\\\\`
escapes); unquoted values end at ` #`. No variable interpolation: what is written is what the
command sees.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import ConfigError

TABLE = "tool.refactor-tools"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}


def parse_env_file(text: str, source: str) -> dict[str, str]:
    """Parse `.env` text; a line that is not `KEY=value` is a ConfigError naming it."""
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        name, sep, rest = line.partition("=")
        name = name.strip()
        if not sep or not _NAME.match(name):
            raise ConfigError(
                f"line {number}: expected KEY=value, got {raw!r}",
                file=source,
                hint="use one KEY=value per line; comments start with #",
            )
        values[name] = _value(rest.strip(), source, number)
    return values


def _value(text: str, source: str, number: int) -> str:
    if text[:1] in ("'", '"'):
        quote = text[0]
        end = _closing(text, quote)
        if end < 0:
            raise ConfigError(f"line {number}: unterminated {quote} quote", file=source)
        body = text[1:end]
        if quote == '"':
            body = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body)
        return body
    return re.split(r"\s+#", text, maxsplit=1)[0].rstrip()


def _closing(text: str, quote: str) -> int:
    index = 1
    while index < len(text):
        if quote == '"' and text[index] == "\\":
            index += 2
            continue
        if text[index] == quote:
            return index
        index += 1
    return -1


def parse_env_table(env: Any, pyproject: str, key: str = f"{TABLE}.env") -> dict[str, str]:
    """Check an `env = {NAME = "value"}` table; a bad name or value is a ConfigError at `key`."""
    if not isinstance(env, dict):
        raise ConfigError(f"'env' must be a table of NAME = \"value\", got {env!r}", file=pyproject, key=key)
    out: dict[str, str] = {}
    for name, value in env.items():
        if not _NAME.match(name):
            raise ConfigError(f"{name!r} is not a valid environment variable name", file=pyproject, key=key)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ConfigError(
                f"{name} must be a string (or a number), got {value!r}",
                file=pyproject, key=key,
                hint='quote it, e.g. DEBUG = "true"',
            )
        out[name] = str(value)
    return out


def _env_table(table: dict[str, Any], pyproject: str) -> dict[str, str]:
    return parse_env_table(table.get("env", {}), pyproject)


def load_project_env(root: Path, table: dict[str, Any]) -> dict[str, str]:
    """Return the variables the project configures: its env-file, then `env` over it.

    Args:
        root: the project root (where pyproject.toml is).
        table: the `[tool.refactor-tools]` table.

    Returns:
        Only the configured variables (empty when neither key is set).

    Raises:
        ConfigError: a wrong type, a path outside the project, a missing or unparsable file.
    """
    root = Path(root)
    pyproject = str(root / "pyproject.toml")
    values: dict[str, str] = {}
    env_file = table.get("env-file")
    if env_file is not None:
        if not isinstance(env_file, str) or not env_file:
            raise ConfigError(f"'env-file' must be a path, got {env_file!r}", file=pyproject, key=f"{TABLE}.env-file")
        base = root.resolve()
        path = (base / env_file).resolve()
        if not path.is_relative_to(base):
            raise ConfigError(
                f"env-file {env_file!r} resolves to {path}, outside the project {base}",
                file=pyproject, key=f"{TABLE}.env-file",
                hint="use a file inside the project directory",
            )
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(
                f"env-file {env_file!r} does not exist ({path})",
                file=pyproject, key=f"{TABLE}.env-file",
                hint="create it (e.g. from .env.example) or remove the env-file key",
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"env-file {env_file!r} cannot be read: {exc}", file=pyproject,
                              key=f"{TABLE}.env-file") from None
        values.update(parse_env_file(text, str(path)))
    values.update(_env_table(table, pyproject))
    return values
