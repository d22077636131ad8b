"""Filesystem adapter: every import statement of a package, read with `ast` (no imports run)."""

from __future__ import annotations

import ast
from pathlib import Path

from ..errors import ConfigError


def package_modules(package: str, package_dir: Path) -> dict[str, Path]:
    """Return {absolute dotted module name: file} for every .py file of the package.

    Raises:
        ConfigError: the package directory does not exist or has no `__init__.py`.
    """
    if not (package_dir / "__init__.py").is_file():
        raise ConfigError(
            f"package {package!r} not found: {package_dir} has no __init__.py",
            hint="check 'package' and 'source' in [tool.refactor-tools]",
        )
    found: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        rel = path.relative_to(package_dir).with_suffix("")
        parts = list(rel.parts)
        if any(not p.isidentifier() for p in parts):
            continue  # not importable under a dotted name
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not _reachable(package_dir, rel.parts[:-1]):
            continue  # a folder without __init__.py is not part of the package
        found[".".join([package, *parts])] = path
    return found


def _reachable(package_dir: Path, folders: tuple[str, ...]) -> bool:
    here = package_dir
    for folder in folders:
        here = here / folder
        if not (here / "__init__.py").is_file():
            return False
    return True


def imports(modules: dict[str, Path]) -> dict[tuple[str, str], int]:
    """Return {(importer, imported): number of imported names} between the package's modules.

    Files that do not parse contribute nothing (`check-boundaries` reports them).
    """
    known = set(modules)
    counts: dict[tuple[str, str], int] = {}
    for module, path in sorted(modules.items()):
        try:
            tree = ast.parse(path.read_bytes(), filename=str(path))
        except (SyntaxError, ValueError, OSError):
            continue
        is_package = path.name == "__init__.py"
        for target in _targets(tree, module, is_package):
            resolved = _resolve(target, known)
            if resolved and resolved != module:
                counts[(module, resolved)] = counts.get((module, resolved), 0) + 1
    return counts


def _targets(tree: ast.Module, module: str, is_package: bool):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                keep = len(parts) - node.level + (1 if is_package else 0)
                if keep <= 0:
                    continue
                base = ".".join(parts[:keep] + ([base] if base else []))
            for alias in node.names:
                yield f"{base}.{alias.name}" if alias.name != "*" else base


def _resolve(name: str, known: set[str]) -> str | None:
    """Return the longest known module that `name` (module or module.attribute) is in."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None
