"""Read and check `[tool.refactor-tools.specs]`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..adapters.pyproject import read_pyproject
from ..config import TABLE, ProjectConfig
from ..errors import ConfigError

SECTION = "specs"
_TARGET = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")
_KEYS = ("asyncapi", "openapi", "out")


@dataclass(frozen=True)
class SpecsConfig:
    """Which objects produce the documents, where their code lives, where exports go."""

    targets: tuple[tuple[str, str], ...]
    source: str
    out: str | None = None

    def as_dict(self) -> dict[str, str]:
        """Return kind -> "module:object"."""
        return dict(self.targets)


def parse_specs(section: dict, source: str, pyproject: Path) -> SpecsConfig:
    """Check the specs sub-table and return it as a SpecsConfig.

    Raises:
        ConfigError: an unknown key, a target that is not "module:object", no target at all.
    """
    key = f"{TABLE}.{SECTION}"
    unknown = sorted(set(section) - set(_KEYS))
    if unknown:
        raise ConfigError(f"unknown key(s) {', '.join(map(repr, unknown))}; known: "
                          f"{', '.join(_KEYS)}", file=str(pyproject), key=key)
    targets = []
    for kind in ("asyncapi", "openapi"):
        value = section.get(kind)
        if value is None:
            continue
        if not isinstance(value, str) or not _TARGET.match(value):
            raise ConfigError(
                f"'{kind}' must be \"package.module:object\", got {value!r}",
                file=str(pyproject), key=key,
                hint=f'e.g. {kind} = "myapp.main:app"',
            )
        targets.append((kind, value))
    if not targets:
        raise ConfigError(
            "no document configured", file=str(pyproject), key=key,
            hint='set openapi = "pkg.module:app" (a FastAPI app) and/or asyncapi = '
                 '"pkg.module:obj" (an object with an .asyncapi() method)',
        )
    out = section.get("out")
    if out is not None and not isinstance(out, str):
        raise ConfigError(f"'out' must be a directory path, got {out!r}", file=str(pyproject),
                          key=key)
    return SpecsConfig(targets=tuple(targets), source=source, out=out)


def specs_config(config: ProjectConfig) -> SpecsConfig:
    """Return the checked specs settings of a loaded project."""
    return parse_specs(config.section(SECTION), config.source, config.pyproject)


def tree_specs_config(tree: Path, fallback: SpecsConfig) -> SpecsConfig:
    """Return the specs settings of another checkout (a baseline), or `fallback` without them."""
    pyproject = tree / "pyproject.toml"
    if not pyproject.is_file():
        return fallback
    try:
        table = read_pyproject(pyproject).get("tool", {}).get("refactor-tools")
        if not isinstance(table, dict) or not isinstance(table.get(SECTION), dict):
            return fallback
        return parse_specs(table[SECTION], str(table.get("source", ".")), pyproject)
    except ConfigError:
        # An old checkout may predate today's keys: its documents come from today's settings.
        return fallback
