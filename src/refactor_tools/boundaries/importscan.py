"""grimp adapter: read the imports of some files with grimp's Rust scanner, as plain data.

Only the files given are read; the module names they may import are passed in, so one
edited file costs one parse. An import resolves to the named module, or to its parent
when the last name is an attribute (`from a.b import func` -> `a.b`); imports of
anything outside the given names are dropped. This uses grimp's scanner below its public
`build_graph` (pinned grimp version in pyproject.toml): `build_graph` would re-read every file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# imported module -> its import statements as (line, inside `if TYPE_CHECKING:`), both sorted
Imports = dict[str, tuple[tuple[int, bool], ...]]


@dataclass(frozen=True)
class ScanTarget:
    """A file to read: its module, its path, and whether it mentions TYPE_CHECKING (then it
    is read a second time without those imports, to mark them)."""

    module: str
    path: Path
    type_checking: bool


class ScanSyntaxError(Exception):
    """A file does not parse; `path` names it."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class ScanFailed(Exception):
    """The scanner could not read a file (e.g. deleted while the check ran)."""


class ScannerUnavailable(Exception):
    """The installed grimp lacks the scanner this module calls (a version outside the pin)."""


def scan(
    targets: list[ScanTarget], roots: dict[str, Path], names: Iterable[str]
) -> dict[str, Imports]:
    """Return each target module's imports (not of itself), resolved against `names`.

    Args:
        targets: the files to read.
        roots: root package name -> its folder (the scanner finds files from module names).
        names: every module name an import may resolve to (real modules and shim aliases).

    Raises:
        ScanSyntaxError: one of the targets does not parse.
        ScanFailed: a target could not be read.
    """
    if not targets:
        return {}
    try:
        from grimp import _rustgrimp as rust
        from grimp.adaptors.filesystem import FileSystem
        from grimp.application.ports.modulefinder import FoundPackage, ModuleFile
        from grimp.domain.valueobjects import Module
        from grimp.exceptions import SourceSyntaxError

        rust.scan_for_imports  # noqa: B018 - the scanner this module calls
    except (ImportError, AttributeError) as exc:
        from importlib.metadata import version

        raise ScannerUnavailable(
            f"the installed grimp {version('grimp')} lacks the import scanner refactor-tools uses ({exc}); "
            "install a grimp version within refactor-tools' requirement (3.14 to 3.20)"
        ) from None

    by_root: dict[str, set] = {name: set() for name in roots}
    for name in names:
        top = _root_of(name, roots)
        if top is not None:
            by_root[top].add(ModuleFile(Module(name), 0.0))
    packages = {FoundPackage(name, str(folder), frozenset(by_root[name])) for name, folder in roots.items()}
    file_system = FileSystem().convert_to_basic()

    def run(modules: list[str], exclude_type_checking: bool) -> dict:
        try:
            return rust.scan_for_imports(
                module_files=tuple(ModuleFile(Module(m), 0.0) for m in modules),
                found_packages=packages,
                include_external_packages=False,
                exclude_type_checking_imports=exclude_type_checking,
                file_system=file_system,
            )
        except SourceSyntaxError as exc:
            raise ScanSyntaxError(str(exc.filename)) from None
        except BaseException as exc:  # pyo3 panics derive from BaseException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise ScanFailed(str(exc)) from None

    found = run([t.module for t in targets], False)
    checked = [t.module for t in targets if t.type_checking]
    outside = run(checked, True) if checked else {}
    out: dict[str, Imports] = {}
    for target in targets:
        plain = {(i.imported.name, i.line_number) for i in outside.get(Module(target.module), ())}
        grouped: dict[str, set[tuple[int, bool]]] = {}
        for found_import in found.get(Module(target.module), ()):
            name, line = found_import.imported.name, found_import.line_number
            if name != target.module:
                grouped.setdefault(name, set()).add((line, target.type_checking and (name, line) not in plain))
        out[target.module] = {name: tuple(sorted(sites)) for name, sites in sorted(grouped.items())}
    return out


def _root_of(name: str, roots: dict[str, Path]) -> str | None:
    for root in roots:
        if name == root or name.startswith(root + "."):
            return root
    return None
