"""`ast` adapters: syntax errors and the whole text of import statements."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

from .model import Guard

def parse(path: Path) -> ast.Module | None:
    """Parse a file, or return None when it does not parse."""
    try:
        return ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError, OSError):
        return None


def syntax_error(path: Path, rel: str) -> Guard | None:
    """Return a guard when the file has a syntax error, else None."""
    try:
        ast.parse(path.read_bytes(), filename=rel)
    except SyntaxError as exc:
        return Guard(
            path=rel,
            line=exc.lineno or 1,
            kind="syntax-error",
            message=f"syntax error ({exc.msg}); this file's imports are not checked",
        )
    except ValueError as exc:  # e.g. null bytes
        return Guard(path=rel, line=1, kind="syntax-error", message=f"cannot parse ({exc})")
    return None


def statement_at(lines: list[str], line: int) -> str | None:
    """Return the whole import statement starting at `line` (1-based), or None.

    Grows a snippet line by line until it parses, so only the statement is parsed, never
    the whole file; None when no import statement starts there.
    """
    for end in range(line, min(line + 200, len(lines)) + 1):
        snippet = textwrap.dedent("\n".join(lines[line - 1 : end]))
        try:
            tree = ast.parse(snippet)
        except (SyntaxError, ValueError):
            continue
        found = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        if not found:
            return None
        if len(tree.body) == 1:
            return snippet.strip()
        return "; ".join(ast.unparse(n) for n in found)
    return None


def statements(tree: ast.Module, source: str) -> dict[int, str]:
    """Map every line of every import statement to the statement's whole text."""
    lines = split_lines(source)
    found: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            end = node.end_lineno or node.lineno
            block = lines[node.lineno - 1 : end]
            block[-1] = block[-1].encode()[: node.end_col_offset].decode(errors="replace")
            first = block[0].encode()
            block[0] = " " * len(first[: node.col_offset].decode(errors="replace")) + first[node.col_offset :].decode(errors="replace")
            text = textwrap.dedent("\n".join(block)).strip()
            for number in range(node.lineno, end + 1):
                found.setdefault(number, text)
    return found


def split_lines(source: str) -> list[str]:
    """Split like the tokenizer counts lines."""
    # The line breaks the tokenizer counts (not str.splitlines, which also splits on \f etc.).
    return re.split(r"\r\n|\r|\n", source)


def type_checking_lines(tree: ast.Module) -> set[int]:
    """Return the lines of import statements inside `if TYPE_CHECKING:` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                for inner in ast.walk(child):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
