"""Modules that read files relative to themselves, and scripts run by path (pure, `ast`).

`Path(__file__).parent / "templates"`, `os.path.join(os.path.dirname(__file__), "x")`,
`importlib.resources.files(__package__) / "x"` and `pkgutil.get_data(__name__, "x")` name data
beside the module: moving the module without it breaks the read silently.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class DataRead:
    """One read relative to the module: its line, how many folders it climbs, the data path."""

    line: int
    climbs: int  # 0: beside the module; 1: `.parent.parent`, ...
    path: str | None  # "email-templates/build"; None when it cannot be read from the code


def _strings(node: ast.AST) -> list[str] | None:
    """Return the string parts of `a / "x" / "y"` or `join(a, "x", "y")` after the anchor."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return None


def _anchor(node: ast.AST) -> int | None:
    """Return how many folders above the module's own folder `node` denotes, or None."""
    # Path(__file__).parent / .resolve().parent / .parents[n]
    climbs = -1  # Path(__file__) itself is the file; .parent is its folder
    while True:
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            climbs += 1
            node = node.value
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
            if not (isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int)):
                return None
            climbs += node.slice.value + 1
            node = node.value.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"resolve", "absolute"}:
            node = node.func.value
        elif isinstance(node, ast.Call) and _called(node) in {"Path", "pathlib.Path", "PurePath"} and len(node.args) == 1:
            node = node.args[0]
        elif isinstance(node, ast.Call) and _called(node) in {"os.path.dirname", "dirname"} and len(node.args) == 1:
            climbs += 1
            node = node.args[0]
        elif isinstance(node, ast.Call) and _called(node) in {"os.path.abspath", "abspath", "os.path.realpath", "realpath"} and node.args:
            node = node.args[0]
        else:
            break
    if isinstance(node, ast.Name) and node.id == "__file__":
        return climbs
    return None


def _called(node: ast.Call) -> str:
    parts = []
    func: ast.AST = node.func
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    return ".".join(reversed(parts))


def data_reads(tree: ast.Module) -> list[DataRead]:
    """Return every read relative to the module's own location, outermost expression only."""
    out: list[DataRead] = []
    seen: set[int] = set()
    for node in ast.walk(tree):
        if id(node) in seen:
            continue
        found = _read(node)
        if found is not None:
            out.append(found)
            seen |= {id(n) for n in ast.walk(node)}
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "__file__" and id(n) not in seen]
    out += [DataRead(n.lineno, 0, None) for n in uses]
    return sorted(set(out), key=lambda r: (r.line, r.path or ""))


def _read(node: ast.AST) -> DataRead | None:
    # anchor / "a" / "b"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        parts: list[str] = []
        left: ast.AST = node
        while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Div):
            strings = _strings(left.right)
            if strings is None:
                parts = []
            else:
                parts = strings + parts
            left = left.left
        climbs = _anchor(left)
        if climbs is not None and climbs >= 0:
            return DataRead(node.lineno, climbs, "/".join(parts) if parts else None)
        resources = _resources_anchor(left)
        if resources:
            return DataRead(node.lineno, 0, "/".join(parts) if parts else None)
        return None
    if isinstance(node, ast.Call) and _called(node) in {"os.path.join", "join", "path.join"} and node.args:
        climbs = _anchor(node.args[0])
        if climbs is not None and climbs >= 0:
            rest = [a.value for a in node.args[1:] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            complete = len(rest) == len(node.args) - 1
            return DataRead(node.lineno, climbs, "/".join(rest) if rest and complete else None)
    if isinstance(node, ast.Call) and _called(node).endswith("get_data") and len(node.args) == 2:
        first, second = node.args
        if isinstance(first, ast.Name) and first.id in {"__name__", "__package__"}:
            path = second.value if isinstance(second, ast.Constant) and isinstance(second.value, str) else None
            return DataRead(node.lineno, 0, path)
    if isinstance(node, ast.Call) and _resources_anchor(node):
        return DataRead(node.lineno, 0, None)
    if isinstance(node, ast.Name) and node.id == "__file__":
        return None
    climbs = _anchor(node) if isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)) else None
    if climbs is not None and climbs >= 0:
        return DataRead(getattr(node, "lineno", 0), climbs, None)
    return None


def _resources_anchor(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and _called(node).endswith("files")
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id in {"__package__", "__name__"}
    )


def has_main_block(tree: ast.Module) -> bool:
    """Return True when the module runs code under `if __name__ == "__main__":`."""
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
            names = [node.test.left, *node.test.comparators]
            if any(isinstance(n, ast.Name) and n.id == "__name__" for n in names) and any(
                isinstance(n, ast.Constant) and n.value == "__main__" for n in names
            ):
                return True
    return False


def is_alembic_revision(tree: ast.Module) -> bool:
    """Return True for an alembic revision script (top-level `revision` and `down_revision`)."""
    assigned = {
        t.id
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(t, ast.Name)
    }
    return {"revision", "down_revision"} <= assigned
