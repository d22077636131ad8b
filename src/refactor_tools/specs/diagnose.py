"""Say why a generation subprocess failed, from its error output: the hint matches the cause.

Public API:
    diagnose(stderr, context) -> Diagnosis

Pure: reads the child's stderr text and what the caller knows (which side, the source key,
the untracked files that were or were not copied) and returns a one-line cause and a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ENV_OPTIONS = (
    "[tool.refactor-tools.specs] env = {{ {name} = \"...\" }}, [tool.refactor-tools] env-file = "
    "\".env\" or env = {{ ... }}"
)
# pydantic v2: "<field>\n  Field required [type=missing, ...]" (pydantic-settings included)
_MISSING_FIELD = re.compile(r"^(\S[^\n]*)\n\s+Field required \[type=missing", re.M)
_KEY_ERROR = re.compile(r"^KeyError: (['\"])(?P<name>[^'\"]+)\1\s*$", re.M)
_IMPORT_ERROR = re.compile(r"^(?P<kind>ModuleNotFoundError|ImportError): (?P<text>.*)$", re.M)


@dataclass(frozen=True)
class FailureContext:
    """What the caller knows about one generation."""

    label: str
    source: str
    tree: str
    baseline: bool = False
    copied: tuple[str, ...] = ()
    missing_copies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diagnosis:
    """The cause in a few words (or "" when unknown) and what to do."""

    cause: str
    hint: str


def diagnose(stderr: str, context: FailureContext) -> Diagnosis:
    """Return the likely cause of a failed generation and a hint that fits it."""
    names = [m.group(1).strip() for m in _MISSING_FIELD.finditer(stderr)]
    key_error = _KEY_ERROR.search(stderr)
    if not names and key_error and "environ" in stderr:
        names = [key_error.group("name")]
    if names:
        return _missing_settings(sorted(dict.fromkeys(names)), context)
    imported = _IMPORT_ERROR.search(stderr)
    if imported:
        return Diagnosis(
            cause=f"{imported.group('kind')}: {imported.group('text').strip()}",
            hint=f"the code is imported with '{context.source}' (the [tool.refactor-tools] "
            f"source key) first on sys.path, from {context.tree}; set source to the folder "
            "that holds the package, and install what the app imports into this interpreter",
        )
    return Diagnosis(
        cause="",
        hint=f"the code must import with '{context.source}' first on sys.path, from "
        f"{context.tree}; the error output above says why it did not",
    )


def _missing_settings(names: list[str], context: FailureContext) -> Diagnosis:
    listed = ", ".join(names)
    first = names[0].split(".")[-1]
    parts = [f"give it a value for spec generation: {_ENV_OPTIONS.format(name=first)}"]
    if context.baseline:
        if context.missing_copies:
            parts.append(
                "copy-untracked names " + ", ".join(map(repr, context.missing_copies))
                + " but the working tree has no such file"
            )
        elif not context.copied:
            parts.append(
                "the baseline worktree holds only committed files: copy-untracked = "
                "[\".env\"] copies an uncommitted settings file into it"
            )
    noun = "setting" if len(names) == 1 else "settings"
    return Diagnosis(cause=f"missing {noun}: {listed}", hint="; ".join(parts))
