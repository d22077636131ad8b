"""Which modules of a package import which at import time (top-level imports only, `ast`).

Imports inside functions and under `if TYPE_CHECKING:` run later or never, so they cannot
close an import-time cycle; this is the graph a symbol move's cycle check needs.
"""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

from ..config import ProjectConfig
from .names import resolve_relative
from .project import module_of, python_files


def _top_level_imports(tree: ast.Module) -> list[ast.stmt]:
    out: list[ast.stmt] = []
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        elif isinstance(node, ast.If):
            test = node.test
            if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
                stack.extend(node.orelse)
                continue
            if isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING":
                stack.extend(node.orelse)
                continue
            stack.extend([*node.body, *node.orelse])
        elif isinstance(node, ast.Try):
            stack.extend([*node.body, *node.orelse, *node.finalbody, *(s for h in node.handlers for s in h.body)])
    return out


def build(config: ProjectConfig, overrides: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Return module -> the package's modules it imports at import time.

    Args:
        config: the project.
        overrides: module name -> source text to use instead of the file's (a planned state).
    """
    package_dir = config.package_dir.resolve()
    texts: dict[str, tuple[str, bool]] = {}
    for path in python_files(config):
        if not path.resolve().is_relative_to(package_dir):
            continue
        name, is_package = module_of(config, path)
        try:
            texts[name] = (Path(path).read_text(encoding="utf-8"), is_package)
        except (OSError, UnicodeDecodeError):
            continue
    for name, text in (overrides or {}).items():
        texts[name] = (text, texts.get(name, ("", False))[1])
    known = set(texts)
    graph: dict[str, set[str]] = {}
    for name, (text, is_package) in texts.items():
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        package = name if is_package else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in _top_level_imports(tree):
            if isinstance(node, ast.Import):
                edges |= {_known_prefix(a.name, known) for a in node.names}
                continue
            base = resolve_relative(package, node.level, node.module) if node.level else node.module  # type: ignore[attr-defined]
            if base is None:
                continue
            for alias in node.names:  # type: ignore[attr-defined]
                full = f"{base}.{alias.name}"
                edges.add(full if full in known else _known_prefix(base, known))
        edges.discard("")
        edges.discard(name)
        graph[name] = edges
    return graph


def _known_prefix(name: str, known: set[str]) -> str:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def chain(graph: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """Return the shortest import chain from `start` to `goal`, or None."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            out = []
            current: str | None = node
            while current is not None:
                out.append(current)
                current = previous[current]
            return out[::-1]
        for nxt in sorted(graph.get(node, ())):
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return None
