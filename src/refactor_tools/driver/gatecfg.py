"""The gates' configuration: `[tool.refactor-tools.driver]`, `[tool.refactor-tools.gates]`, env.

Public API:
    gate_settings(config) -> GateSettings     validated; ConfigError (exit 2) names file and key

Keys (all optional)::

    [tool.refactor-tools]
    env-file = ".env"                  # laid over the environment of every gate and the baseline
    env = { ENVIRONMENT = "test" }     # overrides env-file

    [tool.refactor-tools.driver]
    pytest-args = []                   # appended to the project's own pytest configuration
    app-sources = ["legacy", "factory"]  # once the factory exists: tested in one pytest process
    timeout = 1800                     # seconds per gate (tests, each command); 0 = no limit
    workers = "project"                # or "auto" (decide from the suite) or a number
    skip-unchanged = true              # skip tests/command gates already green on this exact tree
    commit-hooks = false               # true: the project's git hooks run on the driver's commits
    overlap-specs = true               # generate the tree's specs while the suite runs (false: after)
    lookahead = false                  # run the next task's tests stage in a worktree meanwhile

    [[tool.refactor-tools.gates.commands]]
    name = "ruff"
    command = "ruff check ."
    run = "gate"                       # or "before-tests", or "with-tests" (beside the suite)
    timeout = 300                      # optional, default: driver.timeout

    [tool.refactor-tools.gates.coverage]
    tolerance = 1.0                    # percentage points below the baseline's coverage
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..adapters.env import load_project_env
from ..config import TABLE, ProjectConfig
from ..errors import ConfigError

DEFAULT_TIMEOUT = 1800.0
SOURCES = ("legacy", "factory")
RUN_WHEN = ("before-tests", "with-tests", "gate")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_COMMAND_KEYS = {"name", "command", "run", "timeout"}


@dataclass(frozen=True)
class CommandGate:
    """One `[[tool.refactor-tools.gates.commands]]` entry."""

    name: str
    command: str
    run: str
    timeout: float | None

    @property
    def gate_name(self) -> str:
        """Return the name the gate reports under, e.g. 'command ruff'."""
        return f"command {self.name}"


@dataclass(frozen=True)
class GateSettings:
    """Everything the gates read from the project's configuration."""

    pytest_args: tuple[str, ...]
    app_sources: tuple[str, ...]
    timeout: float | None
    workers: str | int
    skip_unchanged: bool
    commit_hooks: bool
    commands: tuple[CommandGate, ...]
    coverage_tolerance: float | None
    env: dict[str, str]
    overlap_specs: bool = True
    lookahead: bool = False

    def commands_for(self, run: str) -> tuple[CommandGate, ...]:
        """Return the command gates of one kind ('before-tests', 'with-tests', 'gate'), in config order."""
        return tuple(c for c in self.commands if c.run == run)


def _error(config: ProjectConfig, key: str, message: str, hint: str | None = None) -> ConfigError:
    return ConfigError(message, file=str(config.pyproject), key=f"{TABLE}.{key}", hint=hint)


def _timeout(config: ProjectConfig, key: str, value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _error(config, key, f"'timeout' must be a number of seconds (0 = no limit), got {value!r}")
    return float(value) or None


def _commands(config: ProjectConfig, gates: dict[str, Any], default_timeout: float | None) -> tuple[CommandGate, ...]:
    entries = gates.get("commands", [])
    key = "gates.commands"
    if not isinstance(entries, list):
        raise _error(config, key, f"expected an array of tables ([[{TABLE}.gates.commands]]), got {entries!r}")
    out: list[CommandGate] = []
    for index, entry in enumerate(entries):
        where = f"{key}[{index}]"
        if not isinstance(entry, dict):
            raise _error(config, where, f"expected a table with name, command and run, got {entry!r}")
        unknown = sorted(set(entry) - _COMMAND_KEYS)
        if unknown:
            raise _error(config, where, f"unknown key(s) {', '.join(map(repr, unknown))}; "
                                        f"allowed: {', '.join(sorted(_COMMAND_KEYS))}")
        name, command, run = entry.get("name"), entry.get("command"), entry.get("run", "gate")
        if not isinstance(name, str) or not _NAME.match(name):
            raise _error(config, f"{where}.name", f"expected a short name (letters, digits, - _ .), got {name!r}")
        if name in {c.name for c in out}:
            raise _error(config, f"{where}.name", f"command gate name {name!r} is used twice; names must be unique")
        if not isinstance(command, str) or not command.strip():
            raise _error(config, f"{where}.command", f"expected a shell command line, got {command!r}")
        if run not in RUN_WHEN:
            raise _error(config, f"{where}.run", f"expected one of {', '.join(map(repr, RUN_WHEN))}, got {run!r}")
        timeout = _timeout(config, f"{where}.timeout", entry["timeout"]) if "timeout" in entry else default_timeout
        out.append(CommandGate(name, command, run, timeout))
    return tuple(out)


def _coverage(config: ProjectConfig, gates: dict[str, Any]) -> float | None:
    table = gates.get("coverage")
    if table is None:
        return None
    if not isinstance(table, dict) or set(table) - {"tolerance"}:
        raise _error(config, "gates.coverage", f"expected a table with 'tolerance' only, got {table!r}")
    tolerance = table.get("tolerance", 0.0)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 <= tolerance <= 100:
        raise _error(config, "gates.coverage.tolerance",
                     f"expected percentage points between 0 and 100, got {tolerance!r}")
    return float(tolerance)


def gate_settings(config: ProjectConfig) -> GateSettings:
    """Read and check every key the gates use.

    Raises:
        ConfigError: a key has a wrong type or value (the message names file and key).
    """
    driver = config.section("driver")
    args = driver.get("pytest-args", [])
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise _error(config, "driver.pytest-args", f"'pytest-args' must be a list of strings, got {args!r}")
    sources = driver.get("app-sources", list(SOURCES))
    if not isinstance(sources, list) or not sources or not set(sources) <= set(SOURCES) or len(set(sources)) != len(sources):
        raise _error(config, "driver.app-sources",
                     f"'app-sources' must list 'legacy' and/or 'factory' once each, got {sources!r}")
    timeout = _timeout(config, "driver.timeout", driver.get("timeout", DEFAULT_TIMEOUT))
    workers = driver.get("workers", "project")
    if not (workers in ("project", "auto") or (isinstance(workers, int) and not isinstance(workers, bool) and workers >= 0)):
        raise _error(config, "driver.workers", f"'workers' must be \"project\", \"auto\" or a number >= 0, got {workers!r}")
    flags = {}
    for key, default in (("skip-unchanged", True), ("commit-hooks", False), ("overlap-specs", True),
                         ("lookahead", False)):
        value = driver.get(key, default)
        if not isinstance(value, bool):
            raise _error(config, f"driver.{key}", f"'{key}' must be true or false, got {value!r}")
        flags[key] = value
    if flags["lookahead"] and not flags["skip-unchanged"]:
        raise _error(config, "driver.lookahead", "'lookahead' needs 'skip-unchanged' (its results reach the "
                     "real tree as green records): set skip-unchanged = true or lookahead = false")
    gates = config.section("gates")
    return GateSettings(
        pytest_args=tuple(args),
        app_sources=tuple(sources),
        timeout=timeout,
        workers=workers,
        skip_unchanged=flags["skip-unchanged"],
        commit_hooks=flags["commit-hooks"],
        commands=_commands(config, gates, timeout),
        coverage_tolerance=_coverage(config, gates),
        env=load_project_env(config.root, config.table),
        overlap_specs=flags["overlap-specs"],
        lookahead=flags["lookahead"],
    )
