"""Unified diffs of a planned change set, for `--dry-run` (pure)."""

from __future__ import annotations

import difflib


def file_diff(old_path: str | None, new_path: str | None, before: str, after: str) -> str:
    """Return a git-style diff for one file (created, deleted, renamed and/or edited)."""
    a = f"a/{old_path}" if old_path else "/dev/null"
    b = f"b/{new_path}" if new_path else "/dev/null"
    head = [f"diff --git a/{old_path or new_path} b/{new_path or old_path}\n"]
    if old_path and new_path and old_path != new_path:
        head += [f"rename from {old_path}\n", f"rename to {new_path}\n"]
    elif not old_path:
        head.append("new file mode 100644\n")
    elif not new_path:
        head.append("deleted file mode 100644\n")
    body = list(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), a, b
        )
    )
    body = [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in body]
    if not body and old_path == new_path:
        return ""
    return "".join(head + body)


def join(diffs: list[tuple[str, str]]) -> str:
    """Join per-file diffs sorted by path."""
    return "".join(d for _key, d in sorted(diffs) if d)
