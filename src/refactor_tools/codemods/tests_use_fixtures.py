"""The `tests-use-fixtures` codemod: tests that import the global app take fixtures instead.

Before::

    from myapp.main import apiApp

    async def test_health():
        async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as ac:
            response = await ac.get("/health")

After::

    async def test_health(async_client):
        ac = async_client
        response = await ac.get("/health")

Rewrites, inside test functions and pytest fixtures: `with TestClient(APP) as c:` (the
`client` fixture, whose lifespan is already running), `async with AsyncClient(...APP...) as
c:` (the `async_client` fixture), other `TestClient(APP)` / `AsyncClient(...APP...)`
expressions, and any other use of APP (the `app` fixture). Module-level `X = TestClient(APP)`
becomes the `client` fixture wherever X is used. A use it cannot rewrite (a plain helper
function or module-level code using the app) leaves the file untouched and is reported.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import libcst as cst

from ..codemod_result import CodemodResult
from ..errors import ConfigError
from ..fileio import write_atomic
from .fixture_scopes import raised_scopes

CLIENT = "client"
ASYNC_CLIENT = "async_client"
APP = "app"


@dataclass(frozen=True)
class FileRewrite:
    """One test file: its path (relative to the project root) and the rewritten text."""

    path: str
    before: str
    after: str


@dataclass(frozen=True)
class TestsUseFixturesResult:
    """What the codemod changed and what it could not rewrite (`path:line: reason`)."""

    changed: tuple[FileRewrite, ...] = ()
    unrewritable: tuple[str, ...] = ()
    scopes: tuple[tuple[str, str], ...] = ()  # plugin settings raised: (key, scope)
    pyproject: str | None = None  # the project file, when `scopes` changed it

    @property
    def changed_paths(self) -> tuple[str, ...]:
        """Return the rewritten files' paths (and pyproject.toml when scopes changed)."""
        return tuple(item.path for item in self.changed) + ((self.pyproject,) if self.pyproject else ())


class _Unrewritable(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _is_app(node: cst.BaseExpression, alias: str) -> bool:
    return isinstance(node, cst.Name) and node.value == alias


def _call_name(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Call):
        func = node.func
        if isinstance(func, cst.Name):
            return func.value
        if isinstance(func, cst.Attribute):
            return func.attr.value
    return None


def _mentions(node: cst.CSTNode, alias: str) -> bool:
    """Return True when `alias` appears as a name anywhere below `node`."""
    found = False

    class _Finder(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            nonlocal found
            if name.value == alias:
                found = True

    node.visit(_Finder())
    return found


def _fixture_for(node: cst.BaseExpression, alias: str) -> str | None:
    """Return the fixture an expression built from the app corresponds to, if any."""
    name = _call_name(node)
    if name == "TestClient" and isinstance(node, cst.Call) and node.args:
        if _is_app(node.args[0].value, alias):
            return CLIENT
    if name == "AsyncClient" and isinstance(node, cst.Call) and _mentions(node, alias):
        return ASYNC_CLIENT
    return None


def _is_fixture(func: cst.FunctionDef) -> bool:
    for decorator in func.decorators:
        target = decorator.decorator
        if isinstance(target, cst.Call):
            target = target.func
        if isinstance(target, cst.Attribute) and target.attr.value == "fixture":
            return True
        if isinstance(target, cst.Name) and target.value == "fixture":
            return True
    return False


def _assign(target: str, value: str) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine(
        body=[
            cst.Assign(
                targets=[cst.AssignTarget(target=cst.Name(target))],
                value=cst.Name(value),
            )
        ]
    )


class _Rewriter(cst.CSTTransformer):
    """Rewrite one module; `needs` collects the fixtures each top-level function takes."""

    METADATA_DEPENDENCIES = (cst.metadata.PositionProvider,)

    def __init__(self, alias: str, module_clients: dict[str, str], skip: set[int]) -> None:
        super().__init__()
        self.alias = alias
        self.module_clients = module_clients
        self._skip = skip
        self._stack: list[set[str]] = []
        self._depth = 0

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        # The app import and module-level clients are removed afterwards, not rewritten.
        return id(node) not in self._skip

    def visit_Call(self, node: cst.Call) -> bool:
        # A client built from the app becomes one fixture; its arguments need nothing.
        return _fixture_for(node, self.alias) is None

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(cst.metadata.PositionProvider, node).start.line

    def _need(self, fixture: str, node: cst.CSTNode) -> None:
        if not self._stack:
            raise _Unrewritable(self._line(node), "module-level use of the app")
        self._stack[0].add(fixture)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not self._stack:
            if not (node.name.value.startswith("test") or _is_fixture(node)):
                if _mentions(node, self.alias) or any(
                    _mentions(node, name) for name in self.module_clients
                ):
                    raise _Unrewritable(
                        self._line(node),
                        f"helper function {node.name.value}() uses the app; "
                        "pass it a client fixture by hand",
                    )
            self._stack.append(set())
        else:
            self._depth += 1

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        if self._depth:
            self._depth -= 1
            return updated
        needs = self._stack.pop()
        present = {p.name.value for p in updated.params.params}
        extra = [
            cst.Param(name=cst.Name(n))
            for n in (APP, CLIENT, ASYNC_CLIENT)
            if n in needs and n not in present
        ]
        if not extra:
            return updated
        # Libcst writes ", " between parameters whose comma is left at its default.
        params = [*updated.params.params, *extra]
        return updated.with_changes(params=updated.params.with_changes(params=params))

    def _with_items(self, node: cst.With) -> tuple[list[cst.WithItem], list[cst.BaseStatement]]:
        kept: list[cst.WithItem] = []
        prefix: list[cst.BaseStatement] = []
        for item in node.items:
            fixture = _fixture_for(item.item, self.alias)
            if fixture is None:
                kept.append(item)
                continue
            self._need(fixture, item)
            if item.asname is not None:
                target = item.asname.name
                if not isinstance(target, cst.Name):
                    raise _Unrewritable(self._line(item), "unsupported `as` target")
                if target.value != fixture:
                    prefix.append(_assign(target.value, fixture))
        return kept, prefix

    def leave_With(
        self, original: cst.With, updated: cst.With
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        kept, prefix = self._with_items(original)
        if len(kept) == len(original.items):
            return updated
        # Map kept items of the original onto the updated node's items by position.
        kept_ids = {id(item) for item in kept}
        new_items = [
            new for old, new in zip(original.items, updated.items) if id(old) in kept_ids
        ]
        if new_items:
            last = new_items[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            rebuilt = updated.with_changes(items=[*new_items[:-1], last])
            if prefix:
                return cst.FlattenSentinel([*prefix, rebuilt])
            return rebuilt
        body = updated.body
        if not isinstance(body, cst.IndentedBlock):
            raise _Unrewritable(self._line(original), "single-line with-statement")
        statements = list(body.body)
        # The with-statement's own leading blank lines/comments stay in front of what replaces it.
        if prefix:
            prefix[0] = prefix[0].with_changes(leading_lines=updated.leading_lines)
        elif statements:
            statements[0] = statements[0].with_changes(
                leading_lines=[*updated.leading_lines, *statements[0].leading_lines]
            )
        return cst.FlattenSentinel([*prefix, *statements])

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        fixture = _fixture_for(original, self.alias)
        if fixture is None:
            return updated
        self._need(fixture, original)
        return cst.Name(fixture)

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        if original.value == self.alias:
            self._need(APP, original)
            return updated.with_changes(value=APP)
        fixture = self.module_clients.get(original.value)
        if fixture is not None and self._stack:
            self._need(fixture, original)
            return updated.with_changes(value=fixture)
        return updated

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        # `client = client` left behind by rewriting `client = TestClient(APP)`.
        if len(updated.body) == 1 and isinstance(updated.body[0], cst.Assign):
            assign = updated.body[0]
            if (
                len(assign.targets) == 1
                and isinstance(assign.targets[0].target, cst.Name)
                and isinstance(assign.value, cst.Name)
                and assign.targets[0].target.value == assign.value.value
            ):
                return cst.RemoveFromParent()
        return updated


def _app_alias(module: cst.Module, app_module: str, app_name: str) -> str | None:
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and small.module is not None:
                if _dotted(small.module) != app_module or isinstance(small.names, cst.ImportStar):
                    continue
                for alias in small.names:
                    if isinstance(alias.name, cst.Name) and alias.name.value == app_name:
                        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                            return alias.asname.name.value
                        return app_name
    return None


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _module_clients(module: cst.Module, alias: str) -> dict[str, str]:
    """Find module-level `X = TestClient(APP)`-style assignments."""
    found: dict[str, str] = {}
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            small = statement.body[0]
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                fixture = _fixture_for(small.value, alias)
                if fixture and isinstance(target, cst.Name):
                    found[target.value] = fixture
    return found


def _drop_names(statement: cst.CSTNode, drop: Any) -> cst.CSTNode | None:
    """Return a `from x import ...` line without the aliases `drop(alias)` selects.

    Returns None when no name is left; any other statement comes back unchanged.
    """
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return statement
    small = statement.body[0]
    if not isinstance(small, cst.ImportFrom) or isinstance(small.names, cst.ImportStar):
        return statement
    names = [a for a in small.names if not drop(a)]
    if len(names) == len(small.names):
        return statement
    if not names:
        return None
    names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return statement.with_changes(body=[small.with_changes(names=names)])


def _filter_body(module: cst.Module, drop: Any, clients: dict[str, str] | None = None) -> cst.Module:
    body: list[cst.CSTNode] = []
    for statement in module.body:
        if clients and isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            small = statement.body[0]
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                if isinstance(target, cst.Name) and target.value in clients:
                    continue
        kept = _drop_names(statement, drop)
        if kept is not None:
            body.append(kept)
    return module.with_changes(body=body)


def _strip_module_level(module: cst.Module, alias: str, app_name: str, clients: dict[str, str]) -> cst.Module:
    """Drop the app import and the module-level client assignments."""

    def is_app(a: cst.ImportAlias) -> bool:
        return (
            isinstance(a.name, cst.Name)
            and a.name.value == app_name
            and (a.asname is None or getattr(a.asname.name, "value", None) == alias)
        )

    return _filter_body(module, is_app, clients)


def _drop_unused_imports(module: cst.Module, candidates: Sequence[str]) -> cst.Module:
    """Remove imported names among `candidates` that the rewritten code no longer uses."""
    used = {node.id for node in ast.walk(ast.parse(module.code)) if isinstance(node, ast.Name)}
    unused = {name for name in candidates if name not in used}
    if not unused:
        return module
    return _filter_body(
        module, lambda a: a.asname is None and isinstance(a.name, cst.Name) and a.name.value in unused
    )


def rewrite_source(source: str, app_module: str, app_name: str) -> str:
    """Return `source` rewritten to take fixtures; unchanged when it does not import the app.

    Raises:
        _Unrewritable: a use of the app the codemod cannot turn into a fixture.
    """
    if app_name not in source:
        return source
    module = cst.parse_module(source)
    alias = _app_alias(module, app_module, app_name)
    if alias is None:
        return source
    clients = _module_clients(module, alias)
    skip = {
        id(statement)
        for statement in module.body
        if isinstance(statement, cst.SimpleStatementLine)
        and any(
            isinstance(small, (cst.ImportFrom, cst.Import))
            or (isinstance(small, cst.Assign) and _fixture_for(small.value, alias))
            for small in statement.body
        )
    }
    wrapper = cst.MetadataWrapper(module, unsafe_skip_copy=True)
    rewritten = wrapper.visit(_Rewriter(alias, clients, skip))
    rewritten = _strip_module_level(rewritten, alias, app_name, clients)
    rewritten = _drop_unused_imports(rewritten, ("TestClient", "AsyncClient", "ASGITransport"))
    return rewritten.code


def _test_files(root: Path, roots: Sequence[str]) -> list[Path]:
    files: set[Path] = set()
    for name in roots:
        base = root / name
        if base.is_file():
            files.add(base)
        elif base.is_dir():
            files.update(p for p in base.rglob("*.py") if p.name.startswith(("test_", "conftest")))
    return sorted(files)


def tests_use_fixtures(
    root: Path,
    app: str,
    *,
    roots: Sequence[str] = ("tests",),
    dry_run: bool = False,
    scopes: dict[str, str] | None = None,
) -> TestsUseFixturesResult:
    """Rewrite the test files under `roots` to take `app`/`client`/`async_client` fixtures.

    Args:
        root: the project root.
        app: the global app as "package.module:name" (e.g. the `[tool.refactor-tools.app]`
            `legacy` value).
        roots: files or directories (relative to `root`) holding the tests.
        dry_run: compute the rewrites without writing.
        scopes: the plugin's current `client-scope` / `app-scope` (default "function"); raised
            in pyproject.toml when a rewritten fixture of a wider scope takes them.

    Returns:
        The rewritten files and the uses that could not be rewritten. Files with such a
        use are left untouched; nothing is written when any file fails to parse.
    """
    if ":" not in app:
        raise ConfigError(f"app {app!r} must be written 'package.module:name'", key="app")
    app_module, app_name = app.split(":", 1)
    changed: list[FileRewrite] = []
    problems: list[str] = []
    for path in _test_files(root, roots):
        before = path.read_text(encoding="utf-8")
        rel = path.relative_to(root).as_posix()
        try:
            after = rewrite_source(before, app_module, app_name)
        except cst.ParserSyntaxError as exc:
            raise ConfigError(f"cannot parse {rel}:{exc.raw_line}: {exc.message}") from None
        except _Unrewritable as exc:
            problems.append(f"{rel}:{exc.line}: {exc.reason}")
            continue
        if after != before:
            changed.append(FileRewrite(rel, before, after))
    raised, pyproject_text = raised_scopes(root, [(c.path, c.after) for c in changed], scopes or {})
    if not dry_run:
        for item in changed:
            write_atomic(root / item.path, item.after)
        if pyproject_text is not None:
            write_atomic(root / "pyproject.toml", pyproject_text)
    return TestsUseFixturesResult(
        tuple(changed), tuple(sorted(problems)), raised, "pyproject.toml" if pyproject_text is not None else None
    )


def run_action(config: Any, options: dict[str, Any], dry_run: bool = False) -> TestsUseFixturesResult:
    """Plan-action entry point: options `app` (default: config app.legacy) and `roots`."""
    app = options.get("app") or config.section("app").get("legacy")
    if not app:
        raise ConfigError(
            "the tests-use-fixtures codemod needs the global app",
            key="tool.refactor-tools.app.legacy",
            hint='set [tool.refactor-tools.app] legacy = "pkg.main:app" or the action option app',
        )
    roots = options.get("roots", ["tests"])
    table = config.section("app")
    scopes = {k: table[k] for k in ("app-scope", "client-scope") if isinstance(table.get(k), str)}
    return tests_use_fixtures(Path(config.root), app, roots=roots, dry_run=dry_run, scopes=scopes)


def codemod(config: Any, options: dict[str, Any], dry_run: bool = False) -> CodemodResult:
    """The registered `tests-use-fixtures` codemod: `run_action` as the one result type."""
    result = run_action(config, options, dry_run)
    changed = tuple(sorted(set(result.changed_paths)))
    summary = f"codemod tests-use-fixtures: {len(changed)} file(s) changed" if changed else "codemod tests-use-fixtures"
    return CodemodResult(summary, changed, left_as_is=tuple(str(x) for x in result.unrewritable))
