"""Where a project's Python files are and which module each one is (filesystem adapter)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..config import ProjectConfig
from ..errors import ConfigError, UsageError
from .names import is_dotted

SKIP_DIRS = frozenset({"__pycache__", "node_modules", "build", "dist", "site-packages"})
SECTION = "codemods"


@dataclass(frozen=True)
class ModuleLocation:
    """A module on disk: its file (`x.py` or `x/__init__.py`) and whether it is a package."""

    name: str
    path: Path
    is_package: bool

    @property
    def files_root(self) -> Path:
        """Return the directory of a package, or the file of a module."""
        return self.path.parent if self.is_package else self.path


def absolute_name(config: ProjectConfig, name: str, what: str) -> str:
    """Return a dotted name made absolute against the root package.

    Raises:
        UsageError: the name is not a dotted Python name.
    """
    if not is_dotted(name):
        import keyword

        bad = [p for p in name.split(".") if keyword.iskeyword(p)]
        why = f" ({', '.join(repr(b) for b in bad)} is a Python keyword)" if bad else ""
        raise UsageError(
            f"{what} {name!r} is not a dotted module name{why}",
            hint=f"write it like {config.package}.plugins or plugins",
        )
    if name == config.package or name.startswith(config.package + "."):
        return name
    return f"{config.package}.{name}"


def module_path(config: ProjectConfig, name: str) -> Path:
    """Return the path a module of this name would have, without its suffix."""
    return config.source_dir.joinpath(*name.split("."))


def locate(config: ProjectConfig, name: str) -> ModuleLocation | None:
    """Return where module `name` lives under the source directory, or None."""
    base = module_path(config, name)
    if (base / "__init__.py").is_file():
        return ModuleLocation(name, base / "__init__.py", True)
    if base.with_suffix(".py").is_file():
        return ModuleLocation(name, base.with_suffix(".py"), False)
    return None


def occupied(config: ProjectConfig, name: str) -> Path | None:
    """Return an existing file or directory that a new module `name` would collide with."""
    base = module_path(config, name)
    for candidate in (base, base.with_suffix(".py")):
        leftover_cache = candidate.is_dir() and all(p.name == "__pycache__" for p in candidate.iterdir())
        if candidate.exists() and not leftover_cache:
            return candidate
    return None


def scan_roots(config: ProjectConfig) -> list[Path]:
    """Return the directories the codemods read: source, tests, scripts and extra roots."""
    extra = config.section(SECTION).get("extra_roots", [])
    if not isinstance(extra, list) or not all(isinstance(e, str) for e in extra):
        raise ConfigError(
            f"'extra_roots' must be a list of directory paths, got {extra!r}",
            file=str(config.pyproject),
            key="tool.refactor-tools.codemods.extra_roots",
        )
    roots = [config.source_dir, config.root / "tests", config.root / "scripts"]
    roots += [config.root / e for e in extra]
    out: list[Path] = []
    for root in roots:
        root = root.resolve()
        if root.is_dir() and not any(root == o or root.is_relative_to(o) for o in out):
            out = [o for o in out if not o.is_relative_to(root)] + [root]
    return sorted(out)


def python_files(config: ProjectConfig) -> list[Path]:
    """Return every .py file in the scanned directories, sorted."""
    files: set[Path] = set()
    for root in scan_roots(config):
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [
                d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".") and not d.endswith(".egg-info")
            ]
            for filename in filenames:
                if filename.endswith(".py"):
                    files.add(Path(dirpath, filename))
    return sorted(files)


def module_of(config: ProjectConfig, path: Path) -> tuple[str, bool]:
    """Return the dotted module name of a file and whether it is a package `__init__`."""
    source = config.source_dir.resolve()
    base = source if path.is_relative_to(source) else config.root.resolve()
    parts = list(path.relative_to(base).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def rel(config: ProjectConfig, path: Path) -> str:
    """Return a path relative to the project root, in posix form."""
    return path.resolve().relative_to(config.root.resolve()).as_posix()
