"""Fast path: run libcst on the import statements alone and splice them back (lossless).

Most files of a move change only in import statements; parsing a few lines instead of the
whole module is what makes a large move cheap. Anything unusual falls back to the full pass.
"""

from __future__ import annotations

import libcst as cst

from .analysis import FileContext, FileFacts
from .names import Renames
from .rewrite import MoveTransformer


def splice_imports(
    text: str, ctx: FileContext, renames: Renames, facts: FileFacts
) -> tuple[str, set[str]] | None:
    """Return the new text and the names it newly binds, or None to use the full pass."""
    lines = text.splitlines(keepends=True)
    transformer = MoveTransformer(ctx, renames, facts.module_bindings, facts.bound)
    edits: list[tuple[int, int, str]] = []
    for start, end, col, end_col in facts.import_sites:
        first, last_line = lines[start - 1], lines[end - 1]
        indent = first.encode()[:col].decode(errors="replace")  # ast offsets count UTF-8 bytes
        after = last_line.encode()[end_col:].decode(errors="replace").strip()
        if indent.strip() or (after and not after.startswith("#")):
            return None  # shares its line with other code
        block = lines[start - 1 : end]
        if any(line.strip() and not line.startswith(indent) for line in block):
            return None
        source = "".join(line[len(indent) :] if line.strip() else line for line in block)
        if not source.endswith(("\n", "\r")):
            source += "\n"
        try:
            new = cst.parse_module(source).visit(transformer).code
        except cst.ParserSyntaxError:
            return None
        if new != source:
            new_lines = new.splitlines(keepends=True)
            if block[-1] and not block[-1].endswith(("\n", "\r")):
                new_lines[-1] = new_lines[-1].rstrip("\r\n")
            edits.append((start, end, "".join(indent + ln if ln.strip() else ln for ln in new_lines)))
    if transformer.needed:
        return None
    for start, end, replacement in sorted(edits, reverse=True):
        lines[start - 1 : end] = [replacement]
    return "".join(lines), transformer.introduced
