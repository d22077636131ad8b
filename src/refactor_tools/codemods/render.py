"""Turn codemod results into text or JSON (deterministic)."""

from __future__ import annotations

import json
from dataclasses import asdict

from .results import MoveResult, RemoveShimsResult


def to_json(result: MoveResult | RemoveShimsResult) -> str:
    """Return the result as sorted, indented JSON."""
    data = asdict(result)
    data["unrewritten"] = list(result.unrewritten)
    data["noop"] = result.noop
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def move_text(result: MoveResult) -> str:
    """Return the human summary of a move (the diff itself for a dry run)."""
    if result.dry_run:
        return result.diff
    if result.noop:
        return f"{result.old} is already at {result.new}: nothing to do\n"
    lines = [
        f"moved {result.old} -> {result.new}: {len(result.moved_files)} file(s) moved, "
        f"{len(result.changed_files)} rewritten, {len(result.shims)} shim(s) left"
    ]
    lines += [f"  moved    {a} -> {b}" for a, b in result.moved_files]
    lines += [f"  rewrote  {p}" for p in result.changed_files]
    lines += [f"  created  {p}" for p in result.created_files]
    lines += _references(result.references)
    return "\n".join(lines) + "\n"


def remove_shims_text(result: RemoveShimsResult) -> str:
    """Return the human summary of a shim removal (the diff itself for a dry run)."""
    if result.dry_run:
        return result.diff
    if result.noop:
        return "no shims found: nothing to do\n"
    lines = [
        f"removed {len(result.removed_files)} file(s) after rewriting "
        f"{len(result.changed_files)} importer(s)"
    ]
    lines += [f"  rewrote  {p}" for p in result.changed_files]
    lines += [f"  deleted  {p}" for p in result.removed_files]
    lines += [f"  deleted  {d}/" for d in result.removed_dirs]
    lines += _references(result.references)
    return "\n".join(lines) + "\n"


def _references(refs) -> list[str]:  # type: ignore[no-untyped-def]
    if not refs:
        return []
    return [f"{len(refs)} note(s): prose that mentions an old path, left for you to edit:"] + [
        f"  {r}" for r in refs
    ]


def left_for_user(refs) -> str:  # type: ignore[no-untyped-def]
    """Return the notes a dry run leaves for the user (empty when there are none)."""
    if not refs:
        return "nothing left for you to edit by hand\n"
    return "\n".join(_references(refs)) + "\n"
