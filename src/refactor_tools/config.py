"""Read `[tool.refactor-tools]` from a project's pyproject.toml.

Each subsystem validates its own sub-table (`boundaries`, `specs`, `app`, ...); this module
only finds the project, reads the file once and checks the keys every subsystem shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .fileio import inside, read_pyproject
from .schema_keys import unknown_keys

TABLE = "tool.refactor-tools"


@dataclass(frozen=True)
class ProjectConfig:
    """The shared keys of `[tool.refactor-tools]`, with paths resolved against the root."""

    root: Path
    pyproject: Path
    package: str
    source: str
    plan: str | None = None
    progress: str | None = None
    baseline: str | None = None
    table: dict[str, Any] = field(default_factory=dict)
    packages: tuple[str, ...] = ()  # every root package; `package` is the first

    @property
    def root_packages(self) -> tuple[str, ...]:
        """Return every root package (`package = ["app", "scripts"]`), or just `package`."""
        return self.packages or (self.package,)

    @property
    def source_dir(self) -> Path:
        """Return the directory that holds the root package."""
        return self.root / self.source

    @property
    def package_dir(self) -> Path:
        """Return the root package's directory."""
        return self.source_dir / self.package.replace(".", "/")

    def section(self, name: str) -> dict[str, Any]:
        """Return the sub-table `[tool.refactor-tools.<name>]`, or {} when absent."""
        value = self.table.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(
                f"expected a table, got {type(value).__name__} {value!r}",
                file=str(self.pyproject),
                key=f"{TABLE}.{name}",
            )
        return value


def find_project_root(start: Path | None = None) -> Path:
    """Return the nearest directory at or above `start` whose pyproject.toml has our table.

    Raises:
        ConfigError: no such pyproject.toml up to the filesystem root.
    """
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_table(pyproject):
            return candidate
    raise ConfigError(
        f"no pyproject.toml with a [{TABLE}] table in {here} or any parent",
        hint="run from the project directory, or pass --project DIR",
    )


def _has_table(pyproject: Path) -> bool:
    try:
        data = read_pyproject(pyproject)
    except ConfigError:
        return False
    return isinstance(data.get("tool", {}).get("refactor-tools"), dict)


__all__ = ["TABLE", "ProjectConfig", "find_project_root", "load_config", "read_pyproject"]


def load_config(root: Path | None = None) -> ProjectConfig:
    """Load and check the shared keys of `[tool.refactor-tools]`.

    Args:
        root: the project directory; found from the current directory when None.

    Returns:
        The project configuration.

    Raises:
        ConfigError: the table is missing, or `package`/`source` are missing or wrong.
    """
    root = find_project_root() if root is None else Path(root).resolve()
    pyproject = root / "pyproject.toml"
    data = read_pyproject(pyproject)
    table = data.get("tool", {}).get("refactor-tools")
    if not isinstance(table, dict):
        raise ConfigError(
            f"missing [{TABLE}] table",
            file=str(pyproject),
            hint='add e.g. [tool.refactor-tools] package = "myapp" and source = "src"',
        )
    if unknown_keys(table):  # cheap; the models then name every problem, with "did you mean"
        from .schema import validate_table

        validate_table(table, pyproject)
    package = table.get("package")
    packages = tuple(package) if isinstance(package, list) else (package,)
    if not packages or not all(isinstance(p, str) and p for p in packages) or len(set(packages)) != len(packages):
        raise ConfigError(
            f"'package' must be the root package's dotted name or a list of distinct names, got {package!r}",
            file=str(pyproject),
            key=f"{TABLE}.package",
        )
    source = table.get("source", ".")
    if not isinstance(source, str):
        raise ConfigError(
            f"'source' must be a directory path, got {source!r}",
            file=str(pyproject),
            key=f"{TABLE}.source",
        )
    for key in ("plan", "progress", "baseline"):
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(
                f"'{key}' must be a string, got {value!r}",
                file=str(pyproject),
                key=f"{TABLE}.{key}",
            )
    for key in ("source", "plan", "progress"):
        value = table.get(key)
        if isinstance(value, str):
            try:
                inside(root, value, what=f"'{key}'")
            except ConfigError as exc:
                raise ConfigError(exc.message, file=str(pyproject), key=f"{TABLE}.{key}", hint=exc.hint) from None
    config = ProjectConfig(
        root=root,
        pyproject=pyproject,
        package=packages[0],
        source=source,
        plan=table.get("plan"),
        progress=table.get("progress"),
        baseline=table.get("baseline"),
        table=table,
        packages=packages if isinstance(package, list) else (),
    )
    for name in packages:
        folder = config.source_dir / name.replace(".", "/")
        if not folder.is_dir():
            raise ConfigError(
                f"package {name!r} not found at {folder.relative_to(root)}",
                file=str(pyproject),
                key=f"{TABLE}.source",
                hint="'source' is the directory that contains the package folder",
            )
    return config
