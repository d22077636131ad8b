"""Fixture scopes after `tests-use-fixtures`: a wider fixture may not take a narrower one.

A module-scoped `token_headers` fixture that built its own client from the global app takes
the plugin's `client` after the rewrite; with the plugin's default function scope pytest
stops with ScopeMismatch. The plugin's `client-scope` / `app-scope` are raised to the widest
scope that takes them, which is what the suite had: one app for all its tests.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SCOPES = ("function", "class", "module", "package", "session")
PLUGIN_FIXTURES = frozenset({"app", "client", "async_client"})


@dataclass(frozen=True)
class ScopeNeed:
    """A fixture that takes a plugin fixture: where it is and its scope."""

    path: str
    line: int
    name: str
    scope: str


def _scope_of(decorator: ast.expr) -> str | None:
    """Return the scope of a `pytest.fixture(...)` decorator ("function" when unset), or None."""
    call = decorator if isinstance(decorator, ast.Call) else None
    target = call.func if call else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
    if name != "fixture":
        return None
    for keyword in call.keywords if call else ():
        if keyword.arg == "scope":
            value = keyword.value
            if isinstance(value, ast.Constant) and value.value in SCOPES:
                return value.value
            return "session"  # a dynamic scope may be the widest
    return "function"


def needs(path: str, text: str) -> list[ScopeNeed]:
    """Return the fixtures of a file that take `app`, `client` or `async_client`."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        scopes = [s for s in (_scope_of(d) for d in node.decorator_list) if s]
        if not scopes:
            continue
        params = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
        if params & PLUGIN_FIXTURES:
            out.append(ScopeNeed(path, node.lineno, node.name, scopes[0]))
    return out


def widest(current: str, found: list[ScopeNeed]) -> str:
    """Return the widest of `current` and the scopes found."""
    scopes = [current, *(n.scope for n in found)]
    return max(scopes, key=lambda s: SCOPES.index(s) if s in SCOPES else 0)


def raised_scopes(
    root: Path, rewritten: list[tuple[str, str]], current: dict[str, str]
) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """Return the plugin scopes to raise and the new pyproject.toml text (None: no change).

    Args:
        root: the project root (its pyproject.toml is edited in place, layout kept).
        rewritten: (path, new text) of every rewritten test file.
        current: the configured `app-scope` / `client-scope`.
    """
    found = [need for path, text in rewritten for need in needs(path, text)]
    raised = []
    for key in ("app-scope", "client-scope"):
        scope = widest(current.get(key, "function"), found)
        if scope != current.get(key, "function"):
            raised.append((key, scope))
    if not raised:
        return (), None
    from ..adapters.pyproject import set_key

    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    for key, scope in raised:
        text = set_key(text, ["tool", "refactor-tools", "app"], key, scope)
    return tuple(raised), text
