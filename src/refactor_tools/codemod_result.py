"""The one result type a named codemod returns to the driver (and any other caller)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodemodResult:
    """What a codemod did.

    Attributes:
        summary: one line for the live view and the progress entry.
        changed: paths (relative to the project root, posix) written, created, moved or removed.
        notes: extra lines for the progress entry (none: the summary is the entry).
        left_as_is: `path:line: reason` of every use the codemod saw but did not rewrite.
    """

    summary: str
    changed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    left_as_is: tuple[str, ...] = ()
