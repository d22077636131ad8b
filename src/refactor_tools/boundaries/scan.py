"""File-system and `ast` adapters: list and hash sources, read import statements."""

from __future__ import annotations

import ast
import hashlib
import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .model import Guard

_SKIP_DIRS = {"__pycache__"}


@dataclass(frozen=True)
class SourceFile:
    """One `.py` file of the package: path relative to the project root and content hash."""

    path: str
    module: str
    digest: str
    type_checking: bool


def list_sources(root: Path, source_dir: Path, package_dir: Path) -> list[tuple[str, Path, str]]:
    """Return (relative path, absolute path, module name) of every .py file, sorted."""
    found: list[tuple[str, Path, str]] = []
    root_prefix = len(str(root)) + 1
    source_prefix = len(str(source_dir)) + 1
    inside = str(package_dir).startswith(str(root) + os.sep)
    for folder, dirs, files in os.walk(package_dir):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in files:
            if not name.endswith(".py"):
                continue
            full = os.path.join(folder, name)
            parts = full[source_prefix:-3].split(os.sep)
            if parts[-1] == "__init__":
                parts.pop()
            rel = full[root_prefix:] if inside else os.path.relpath(full, root)
            found.append((rel.replace(os.sep, "/"), Path(full), ".".join(parts)))
    return sorted(found)


def digest_sources(
    listed: list[tuple[str, Path, str]], memo: dict[str, list]
) -> tuple[list[SourceFile], dict[str, list]]:
    """Hash every file's content; (size, mtime) equal to the memo's reuses its hash."""
    out: list[SourceFile] = []
    new_memo: dict[str, list] = {}
    for rel, path, module in listed:
        stat = path.stat()
        known = memo.get(rel)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            digest, type_checking = known[2], known[3]
        else:
            data = path.read_bytes()
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            type_checking = b"TYPE_CHECKING" in data
        new_memo[rel] = [stat.st_size, stat.st_mtime_ns, digest, type_checking]
        out.append(SourceFile(rel, module, digest, type_checking))
    return out, new_memo


def skipped_guards(sources: list[SourceFile], modules: set[str], package_rel: Path, root: Path) -> list[Guard]:
    """Report the files whose module the import graph does not contain."""
    guards = []
    for source in sources:
        if source.module in modules:
            continue
        folder = Path(source.path).parent
        parts = folder.relative_to(package_rel).parts
        folders = [package_rel, *(package_rel.joinpath(*parts[: i + 1]) for i in range(len(parts)))]
        missing = next((f for f in folders if not (root / f / "__init__.py").is_file()), folder)
        guards.append(
            Guard(
                path=source.path,
                line=1,
                kind="skipped-file",
                message=f"not in the import graph: folder {missing.as_posix()} has no __init__.py",
            )
        )
    return guards


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
