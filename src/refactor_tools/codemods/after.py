"""`[tool.refactor-tools.codemods] after = [...]`: the project's own formatters on the changed files."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

from ..adapters.run import with_tool_path
from ..config import ProjectConfig
from ..errors import ConfigError
from .project import SECTION
from .transaction import ApplyFailed

KEY = "after"


def commands(config: ProjectConfig) -> list[str]:
    """Return the configured commands.

    Raises:
        ConfigError: `after` is not a list of strings.
    """
    value = config.section(SECTION).get(KEY, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(
            f"'after' must be a list of shell commands, got {value!r}",
            file=str(config.pyproject),
            key=f"tool.refactor-tools.{SECTION}.{KEY}",
            hint='e.g. after = ["ruff check --fix --select I {files}", "ruff format {files}"]',
        )
    return value


def after_commands(config: ProjectConfig, paths: list[Path]) -> Callable[[], None] | None:
    """Return a step that runs each command on the changed Python files, or None.

    `{files}` in a command becomes the changed `.py` files (relative, shell-quoted). A command
    that fails raises ApplyFailed, so the transaction restores the tree. The running
    interpreter's scripts directory comes first on PATH, so `ruff` installed beside the harness
    is found even when its virtual environment is not activated.
    """
    configured = commands(config)
    files = sorted({p.relative_to(config.root).as_posix() for p in paths if p.suffix == ".py"})
    if not configured or not files:
        return None

    def run() -> None:
        env = with_tool_path(os.environ)
        existing = [f for f in files if (config.root / f).is_file()]
        quoted = " ".join(shlex.quote(f) for f in existing)
        for command in configured:
            line = command.replace("{files}", quoted)
            done = subprocess.run(line, shell=True, cwd=config.root, env=env, capture_output=True, text=True,
                                  check=False)
            if done.returncode != 0:
                output = (done.stdout + done.stderr).strip().splitlines()[-10:]
                raise ApplyFailed(
                    f"the after-command {command!r} failed with exit code {done.returncode}"
                    + (":\n" + "\n".join(output) if output else ""),
                    hint="fix the command in [tool.refactor-tools.codemods] after, or remove it",
                )

    return run
