"""Read and check `[tool.refactor-tools.specs]`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..adapters.env import load_project_env, parse_env_table
from ..adapters.pyproject import read_pyproject
from ..config import TABLE, ProjectConfig
from ..errors import ConfigError

SECTION = "specs"
_TARGET = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")
_KEYS = ("asyncapi", "copy-untracked", "env", "openapi", "out", "timeout")
DEFAULT_TIMEOUT = 300.0


@dataclass(frozen=True)
class SpecsConfig:
    """Which objects produce the documents, where their code lives, where exports go.

    `env` is the whole generation environment laid over the inherited one (the project's
    `env-file`, its `env`, then the specs table's `env`); `copy_untracked` names files copied
    into a baseline worktree; `timeout` bounds one generation (0 = no limit).
    """

    targets: tuple[tuple[str, str], ...]
    source: str
    out: str | None = None
    env: tuple[tuple[str, str], ...] = ()
    copy_untracked: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT

    def as_dict(self) -> dict[str, str]:
        """Return kind -> "module:object"."""
        return dict(self.targets)

    def env_dict(self) -> dict[str, str]:
        """Return the generation environment's variables (what is laid over os.environ)."""
        return dict(self.env)


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
    env = parse_env_table(section.get("env", {}), str(pyproject), f"{key}.env")
    copies = section.get("copy-untracked", [])
    if not isinstance(copies, list) or not all(isinstance(c, str) and c for c in copies):
        raise ConfigError(f"'copy-untracked' must be a list of file paths, got {copies!r}",
                          file=str(pyproject), key=key, hint='e.g. copy-untracked = [".env"]')
    timeout = section.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
        raise ConfigError(f"'timeout' must be a number of seconds >= 0 (0 = no limit), got "
                          f"{timeout!r}", file=str(pyproject), key=key,
                          hint=f"e.g. timeout = {DEFAULT_TIMEOUT:.0f}")
    return SpecsConfig(targets=tuple(targets), source=source, out=out,
                       env=tuple(sorted(env.items())), copy_untracked=tuple(copies),
                       timeout=float(timeout))


def specs_config(config: ProjectConfig) -> SpecsConfig:
    """Return the checked specs settings of a loaded project, with its whole generation env.

    The environment is the project's `env-file`, then its `env`, then `[specs] env`: each
    overrides the one before, and all of them override the inherited environment.
    """
    specs = parse_specs(config.section(SECTION), config.source, config.pyproject)
    env = load_project_env(config.root, config.table)
    env.update(specs.env_dict())
    return replace(specs, env=tuple(sorted(env.items())))


def tree_specs_config(tree: Path, fallback: SpecsConfig) -> SpecsConfig:
    """Return the targets and source of another checkout (a baseline) over `fallback`.

    Only what names the checkout's code comes from it; the environment, the files to copy and
    the timeout stay today's, so that both sides of a diff are generated alike.
    """
    pyproject = tree / "pyproject.toml"
    if not pyproject.is_file():
        return fallback
    try:
        table = read_pyproject(pyproject).get("tool", {}).get("refactor-tools")
        if not isinstance(table, dict) or not isinstance(table.get(SECTION), dict):
            return fallback
        theirs = parse_specs(table[SECTION], str(table.get("source", ".")), pyproject)
        # The baseline's code, today's environment: both sides are generated alike.
        return replace(fallback, targets=theirs.targets, source=theirs.source)
    except ConfigError:
        # An old checkout may predate today's keys: its documents come from today's settings.
        return fallback
