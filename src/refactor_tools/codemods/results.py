"""What the codemods return (frozen data; the CLI renders it) and the errors they raise."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError


class MoveRefused(UsageError):
    """The move or shim removal cannot run as asked (exit 2); nothing was written."""


class ParseFailed(UsageError):
    """A file in scope does not parse (exit 2); the run stopped before any write."""


@dataclass(frozen=True)
class Reference:
    """A string that mentions an old path and was left as it is."""

    path: str
    line: int
    message: str

    @property
    def where(self) -> str:
        """Return `path:line`."""
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class MoveResult:
    """The outcome of `move`: which files changed, moved and appeared, and what is left."""

    old: str
    new: str
    changed_files: tuple[str, ...]
    moved_files: tuple[tuple[str, str], ...]
    created_files: tuple[str, ...]
    shims: tuple[str, ...]
    references: tuple[Reference, ...]
    diff: str
    dry_run: bool
    noop: bool = False

    @property
    def unrewritten(self) -> tuple[str, ...]:
        """Return the `path:line` of every string reference left unchanged."""
        return tuple(r.where for r in self.references)


@dataclass(frozen=True)
class RemoveShimsResult:
    """The outcome of `remove_shims`: importers rewritten, shims and packages deleted."""

    mappings: tuple[tuple[str, str], ...]
    changed_files: tuple[str, ...]
    removed_files: tuple[str, ...]
    removed_dirs: tuple[str, ...]
    references: tuple[Reference, ...]
    diff: str
    dry_run: bool

    @property
    def unrewritten(self) -> tuple[str, ...]:
        """Return the `path:line` of every string reference left unchanged."""
        return tuple(r.where for r in self.references)

    @property
    def noop(self) -> bool:
        """Return True when there was nothing to do."""
        return not (self.changed_files or self.removed_files)
