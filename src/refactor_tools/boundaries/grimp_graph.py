"""grimp adapter: build the package's import graph and return it as plain data."""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import grimp
from grimp.exceptions import SourceSyntaxError

from ..errors import ConfigError
from .model import Guard, Site


@contextmanager
def _package_importable(source_dir: Path, package: str) -> Iterator[None]:
    """Put the source dir first on sys.path and hide an already imported copy of the package."""
    top = package.split(".")[0]
    hidden = {}
    if not _already_imported_from(package, source_dir):
        # Another copy is imported (e.g. by a test run): hide it so the source dir's is found.
        hidden = {name: sys.modules.pop(name) for name in list(sys.modules) if name == top or name.startswith(top + ".")}
    before = {n for n in sys.modules if n == top or n.startswith(top + ".")}
    sys.path.insert(0, str(source_dir))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path.remove(str(source_dir))
        for name in [n for n in sys.modules if n == top or n.startswith(top + ".")]:
            if name not in before:
                del sys.modules[name]  # imported while the source dir was first: not ours to keep
        sys.modules.update(hidden)
        importlib.invalidate_caches()


def _already_imported_from(package: str, source_dir: Path) -> bool:
    module = sys.modules.get(package)
    spec = getattr(module, "__spec__", None)
    locations = list(getattr(spec, "submodule_search_locations", None) or [])
    expected = (source_dir / package.replace(".", "/")).resolve()
    return bool(locations) and all(Path(p).resolve() == expected for p in locations)


def _check_location(package: str, package_dir: Path, pyproject: str) -> None:
    spec = importlib.util.find_spec(package)
    locations = sorted(str(Path(p).resolve()) for p in (spec.submodule_search_locations or [])) if spec else []
    if locations != [str(package_dir.resolve())]:
        found = ", ".join(locations) or "nowhere"
        raise ConfigError(
            f"package {package!r} is imported from {found}, outside the configured source "
            f"directory {package_dir.parent}",
            file=pyproject,
            key="tool.refactor-tools.source",
            hint="give the package an __init__.py and point 'source' at the folder that holds it",
        )


def build(
    source_dir: Path,
    package: str,
    package_dir: Path,
    pyproject: str,
    cache_dir: Path | None,
    skip_files: dict[str, Path] | None = None,
) -> tuple[tuple[str, ...], dict[str, dict[str, tuple[Site, ...]]]]:
    """Return the graph's modules and imports {importer: {imported: sites}}.

    `skip_files` (module name -> file) are analysed as empty, used after a syntax error.

    Raises:
        SourceSyntaxError: a file does not parse (and skip_files is None).
        ConfigError: the package is not imported from the configured source.
    """
    if skip_files:
        return _build_mirror(source_dir, package, package_dir, pyproject, skip_files)
    with _package_importable(source_dir, package):
        _check_location(package, package_dir, pyproject)
        graph = _grimp_build(package, cache_dir)
    return _extract(graph)


def _grimp_build(package: str, cache_dir: Path | None) -> grimp.ImportGraph:
    if cache_dir is None:
        return grimp.build_graph(package, cache_dir=None)
    try:
        return grimp.build_graph(package, cache_dir=str(cache_dir))
    except SourceSyntaxError:
        raise
    except Exception:  # noqa: BLE001 - a cache another run is writing; analyse without it
        return grimp.build_graph(package, cache_dir=None)


def _build_mirror(source_dir, package, package_dir, pyproject, skip_files):
    """Analyse a copy of the package in which unparsable files are empty."""
    with tempfile.TemporaryDirectory(prefix="refactor-tools-") as tmp:
        mirror = Path(tmp) / package_dir.relative_to(source_dir)
        shutil.copytree(package_dir, mirror, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for path in skip_files.values():
            (mirror / path.relative_to(package_dir)).write_text("", encoding="utf-8")
        with _package_importable(Path(tmp), package):
            _check_location(package, mirror, pyproject)
            graph = grimp.build_graph(package, cache_dir=None)
    return _extract(graph)


def _extract(graph: grimp.ImportGraph) -> tuple[tuple[str, ...], dict[str, dict[str, tuple[Site, ...]]]]:
    modules = tuple(sorted(graph.modules))
    imports: dict[str, dict[str, tuple[Site, ...]]] = {}
    for importer in modules:
        row: dict[str, tuple[Site, ...]] = {}
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            details = graph.get_import_details(importer=importer, imported=imported)
            lines = sorted({d["line_number"] for d in details})
            row[imported] = tuple(Site(line=line) for line in lines)
        if row:
            imports[importer] = row
    return modules, imports


def syntax_guards(files: list[tuple[str, Path, str]]) -> tuple[list[Guard], dict[str, Path]]:
    """Parse every file; return guards for the ones that fail and those files by module."""
    from .scan import syntax_error

    guards: list[Guard] = []
    bad: dict[str, Path] = {}
    for rel, path, module in files:
        guard = syntax_error(path, rel)
        if guard is not None:
            guards.append(guard)
            bad[module] = path
    return guards, bad


__all__ = ["SourceSyntaxError", "build", "syntax_guards"]
