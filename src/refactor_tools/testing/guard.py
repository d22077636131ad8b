"""The isolation guard: record who first imports another module's code while a module's tests run.

A meta-path finder that never finds anything: it only sees every import that is not yet in
`sys.modules`, and for the first import of each other module's package it records the chain of
frames that led there (the importing module, file and line, up to the code that started it).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from types import FrameType

_MAX_CHAIN = 8
_IMPORTLIB = os.sep.join(("", "importlib", "__init__.py"))
# Frames of the test runner end a chain: what matters is the project code that imported.
_RUNNER_PARTS = tuple(os.sep.join(("", name, "")) for name in ("_pytest", "pluggy", "pytest_asyncio", "xdist"))


@dataclass(frozen=True)
class Frame:
    """One step of an import chain: the module whose code ran, where, and in which function."""

    module: str
    location: str
    function: str

    def render(self) -> str:
        """Return `module (file:line)` or `module.function (file:line)`."""
        where = self.module if self.function == "<module>" else f"{self.module}.{self.function}"
        return f"{where} ({self.location})"


@dataclass(frozen=True)
class Violation:
    """Another module's package imported in an isolated run, with the chain that imported it."""

    other: str
    imported: str
    chain: tuple[Frame, ...]
    when: str

    def render(self, isolated: str) -> str:
        """Return a multi-line message naming the module, the import and how it happened."""
        lines = [f"module {self.other!r} was imported while running {isolated!r} in isolation ({self.when}):"]
        if not self.chain:
            lines.append(f"  {self.imported} was already in sys.modules; the importer is unknown")
            return "\n".join(lines)
        first, *rest = self.chain
        lines.append(f"  import of {self.imported} by {first.render()}")
        lines.extend(f"  <- {frame.render()}" for frame in rest)
        return "\n".join(lines)


class ImportGuard:
    """A meta-path finder that records the first import of every module other than `isolated`."""

    def __init__(self, prefix: str, isolated: str) -> None:
        self.prefix = prefix
        self.isolated = isolated
        self.phase = "during collection"
        self._seen: set[str] = set()
        self._pending: list[Violation] = []
        self.reported: list[Violation] = []

    def other_of(self, fullname: str) -> str | None:
        """Return the other module's name when `fullname` belongs to one, else None."""
        if not fullname.startswith(self.prefix):
            return None
        name = fullname[len(self.prefix) :].partition(".")[0]
        return None if name == self.isolated else name

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        """Record the first import of another module's code; never find anything."""
        other = self.other_of(fullname)
        if other is not None and other not in self._seen:
            self._seen.add(other)
            self._pending.append(Violation(other, fullname, _chain(sys._getframe(1)), self.phase))
        return None

    def install(self) -> None:
        """Put the guard first on `sys.meta_path` and note anything imported before it."""
        for name in sorted(sys.modules):
            other = self.other_of(name)
            if other is not None and other not in self._seen:
                self._seen.add(other)
                self._pending.append(Violation(other, name, (), "before the guard started"))
        sys.meta_path.insert(0, self)

    def uninstall(self) -> None:
        """Remove the guard from `sys.meta_path`."""
        if self in sys.meta_path:
            sys.meta_path.remove(self)

    def take(self) -> list[Violation]:
        """Return the violations recorded since the last call, and mark them reported."""
        taken, self._pending = self._pending, []
        self.reported.extend(taken)
        return taken

    def sweep(self) -> list[Violation]:
        """Record other modules present in `sys.modules` that no hook call saw, then `take`."""
        for name in sorted(sys.modules):
            other = self.other_of(name)
            if other is not None and other not in self._seen:
                self._seen.add(other)
                self._pending.append(Violation(other, name, (), "found in sys.modules at session end"))
        return self.take()


def _chain(frame: FrameType | None) -> tuple[Frame, ...]:
    # Innermost first: the direct importer, then whatever led to it, up to the test runner.
    chain: list[Frame] = []
    while frame is not None and len(chain) < _MAX_CHAIN:
        filename = frame.f_code.co_filename
        if _is_runner(filename):
            break
        if not _is_import_machinery(filename):
            module = str(frame.f_globals.get("__name__", "?"))
            chain.append(Frame(module, f"{_short(filename)}:{frame.f_lineno}", frame.f_code.co_name))
        frame = frame.f_back
    return tuple(chain)


def _is_import_machinery(filename: str) -> bool:
    return filename.startswith("<frozen importlib") or filename.endswith(_IMPORTLIB) or filename == __file__


def _is_runner(filename: str) -> bool:
    return any(part in filename for part in _RUNNER_PARTS)


def _short(filename: str) -> str:
    try:
        relative = os.path.relpath(filename)
    except ValueError:
        return filename
    return filename if relative.startswith("..") else relative


def render_all(violations: list[Violation], isolated: str) -> str:
    """Return every violation's message, one block each, sorted by module."""
    ordered = sorted(violations, key=lambda v: (v.other, v.imported))
    return "\n".join(v.render(isolated) for v in ordered)
