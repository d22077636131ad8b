"""Symbol moves, the pure part: find top-level definitions, what they use, and cut them out.

Names are followed with a small scope model (function parameters and locals shadow module
names; string annotations count as uses, as they do for ruff and type checkers).
"""

from __future__ import annotations

import ast
import keyword
from dataclasses import dataclass, field

from .names import resolve_relative
from .results import MoveRefused


@dataclass(frozen=True)
class ImportBinding:
    """A top-level import that binds `name`: `import module [as name]` or `from module import attr`."""

    name: str
    module: str  # absolute
    attr: str | None  # None for `import module`
    level: int  # as written (0 = absolute)
    written_module: str | None  # the module part as written (relative imports)
    type_only: bool
    line: int


@dataclass(frozen=True)
class ModuleFacts:
    """The top level of a module: statements, what each binds and uses."""

    tree: ast.Module
    lines: list[str]
    imports: dict[str, ImportBinding]
    defined: dict[str, list[int]]  # name -> indexes of the statements that bind it
    future_annotations: bool
    has_getattr: bool
    all_names: tuple[str, ...] | None
    uses: dict[int, dict[str, int]] = field(default_factory=dict)  # stmt index -> name -> first line


def _names_in_annotation(node: ast.AST | None) -> set[str]:
    out: set[str] = set()
    if node is None:
        return out
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            out.add(sub.id)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            try:
                inner = ast.parse(sub.value, mode="eval")
            except SyntaxError:
                continue
            out |= {n.id for n in ast.walk(inner) if isinstance(n, ast.Name)}
    return out


class _Uses(ast.NodeVisitor):
    """Free names of a statement (Load names minus what its own scopes bind)."""

    def __init__(self) -> None:
        self.found: dict[str, int] = {}
        self.scopes: list[set[str]] = []

    def _use(self, name: str, line: int) -> None:
        if not any(name in scope for scope in self.scopes):
            self.found.setdefault(name, line)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._use(node.id, node.lineno)

    def _annotation(self, node: ast.AST | None) -> None:
        for name in _names_in_annotation(node):
            self._use(name, getattr(node, "lineno", 0))

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        args = node.args
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default)
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a)]
        if not isinstance(node, ast.Lambda):
            for dec in node.decorator_list:
                self.visit(dec)
            for arg in every:
                self._annotation(arg.annotation)
            self._annotation(node.returns)
        local = {a.arg for a in every} | _stores(node.body if not isinstance(node, ast.Lambda) else [node.body])
        self.scopes.append(local)
        for stmt in node.body if not isinstance(node, ast.Lambda) else [node.body]:
            self.visit(stmt)
        self.scopes.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for dec in node.decorator_list:
            self.visit(dec)
        for base in [*node.bases, *(k.value for k in node.keywords)]:
            self.visit(base)
        self.scopes.append(set())  # class-level names are not visible in methods: resolve per use
        for stmt in node.body:
            self.visit(stmt)
        self.scopes.pop()

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._annotation(node.annotation)
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.target)

    def visit_arg(self, node: ast.arg) -> None:
        self._annotation(node.annotation)

    def _comprehension(self, node: ast.AST) -> None:
        generators = node.generators  # type: ignore[attr-defined]
        local = set()
        for gen in generators:
            local |= {n.id for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
        self.visit(generators[0].iter)
        self.scopes.append(local)
        for gen in generators:
            for cond in gen.ifs:
                self.visit(cond)
        for gen in generators[1:]:
            self.visit(gen.iter)
        for attr in ("elt", "key", "value"):
            if hasattr(node, attr):
                self.visit(getattr(node, attr))
        self.scopes.pop()

    visit_ListComp = _comprehension
    visit_SetComp = _comprehension
    visit_GeneratorExp = _comprehension
    visit_DictComp = _comprehension


def _stores(body: list[ast.AST]) -> set[str]:
    """Return the names a function body binds (not descending into nested scopes)."""
    out: set[str] = set()
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            out.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
            continue
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            out |= {(a.asname or a.name).partition(".")[0] for a in node.names}
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return out


def uses_of(node: ast.stmt) -> dict[str, int]:
    """Return the free names a top-level statement uses, with the first line of each."""
    collector = _Uses()
    collector.visit(node)
    return collector.found


def _is_type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def _import_bindings(node: ast.stmt, package: str, type_only: bool) -> list[ImportBinding]:
    out = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            name = alias.asname or alias.name.partition(".")[0]
            module = alias.name if alias.asname else alias.name.partition(".")[0]
            out.append(ImportBinding(name, alias.name if alias.asname else module, None, 0, None, type_only, node.lineno))
    elif isinstance(node, ast.ImportFrom):
        base = resolve_relative(package, node.level, node.module) if node.level else node.module
        for alias in node.names:
            if alias.name == "*" or base is None:
                continue
            out.append(
                ImportBinding(alias.asname or alias.name, base, alias.name, node.level, node.module, type_only, node.lineno)
            )
    return out


def module_facts(text: str, package: str, filename: str) -> ModuleFacts:
    """Parse a module and record its top-level bindings and uses.

    Raises:
        MoveRefused: the module does not parse.
    """
    try:
        tree = ast.parse(text, filename=filename)
    except SyntaxError as exc:
        raise MoveRefused(f"{filename}:{exc.lineno}: syntax error: {exc.msg}") from None
    imports: dict[str, ImportBinding] = {}
    defined: dict[str, list[int]] = {}
    uses: dict[int, dict[str, int]] = {}
    future = has_getattr = False
    all_names: tuple[str, ...] | None = None
    for index, node in enumerate(tree.body):
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            future |= any(a.name == "annotations" for a in node.names)
            continue
        inner = node.body if _is_type_checking(node) else None  # type: ignore[attr-defined]
        for stmt in inner or [node]:
            for binding in _import_bindings(stmt, package, inner is not None):
                imports.setdefault(binding.name, binding)
        if isinstance(node, (ast.Import, ast.ImportFrom)) or inner is not None:
            continue
        if isinstance(node, (ast.Try, ast.If)):
            for sub in ast.walk(node):
                for binding in _import_bindings(sub, package, False) if isinstance(sub, ast.stmt) else []:
                    imports.setdefault(binding.name, binding)
        for name in _top_bindings(node):
            defined.setdefault(name, []).append(index)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "__getattr__":
            has_getattr = True
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            if isinstance(node.value, (ast.List, ast.Tuple)):
                all_names = tuple(
                    e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                )
        uses[index] = uses_of(node)
    return ModuleFacts(tree, text.splitlines(keepends=True), imports, defined, future, has_getattr, all_names, uses)


def _top_bindings(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    return _stores([node]) - {"__all__"} if not isinstance(node, (ast.Import, ast.ImportFrom)) else set()


def check_symbol_names(names: list[str], module: str) -> None:
    """Refuse names that are not identifiers, keywords and duplicates."""
    bad = [n for n in names if not n.isidentifier() or keyword.iskeyword(n)]
    if bad:
        raise MoveRefused(
            f"{', '.join(repr(b) for b in bad)} in {module}:{','.join(names)} "
            "is not a Python identifier",
            hint="list the names of top-level functions, classes or constants, separated by commas",
        )
    if len(set(names)) != len(names):
        raise MoveRefused(f"a name is listed twice in {module}:{','.join(names)}")


def statement_span(facts: ModuleFacts, index: int) -> tuple[int, int]:
    """Return the 0-based line range of a top-level statement with its decorators and the
    comment lines directly above it."""
    node = facts.tree.body[index]
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 1
    end = node.end_lineno or node.lineno
    while start > 0 and facts.lines[start - 1].lstrip().startswith("#"):
        start -= 1
    return start, end


def locate_symbols(facts: ModuleFacts, names: list[str], module: str, rel: str) -> dict[str, int]:
    """Return the statement index that defines each name.

    Raises:
        MoveRefused: a name is not defined at top level, defined twice, or shares a statement.
    """
    out: dict[str, int] = {}
    for name in names:
        indexes = facts.defined.get(name, [])
        if not indexes:
            imported = " (it is imported there, not defined)" if name in facts.imports else ""
            raise MoveRefused(
                f"{module} has no top-level function, class or constant {name!r}{imported}",
                hint=f"defined there: {', '.join(sorted(facts.defined)) or 'nothing'}",
            )
        if len(indexes) > 1:
            lines = ", ".join(f"{rel}:{facts.tree.body[i].lineno}" for i in indexes)
            raise MoveRefused(f"{name!r} is bound more than once in {module} ({lines}); move it by hand")
        out[name] = indexes[0]
    by_statement: dict[int, list[str]] = {}
    for index in {*out.values()}:
        bound = _top_bindings(facts.tree.body[index])
        missing = sorted(bound - set(names))
        if missing:
            raise MoveRefused(
                f"{rel}:{facts.tree.body[index].lineno} binds {', '.join(sorted(bound))} in one statement; "
                f"add {', '.join(missing)} to the names to move",
            )
        by_statement[index] = sorted(bound)
        node = facts.tree.body[index]
        line = facts.lines[node.lineno - 1]
        end_line = facts.lines[(node.end_lineno or node.lineno) - 1]
        if node.col_offset or ";" in end_line.split("#")[0][node.end_col_offset or 0 :] or ";" in line[: node.col_offset]:
            raise MoveRefused(f"{rel}:{node.lineno} shares its line with another statement; split it first")
    return out


def cut(facts: ModuleFacts, indexes: set[int]) -> tuple[str, list[str]]:
    """Return the module text without the given statements, and each removed block's text."""
    lines = list(facts.lines)
    blocks = []
    spans = sorted(statement_span(facts, i) for i in indexes)
    for start, end in spans:
        blocks.append("".join(lines[start:end]).rstrip() + "\n")
    for start, end in reversed(spans):
        lines[start:end] = []
        _collapse(lines, start)
    while lines and not lines[-1].strip():
        lines.pop()
    return "".join(lines), blocks


def _collapse(lines: list[str], at: int) -> None:
    """Leave at most two blank lines where a statement was cut out (none at the file's top)."""
    start = at
    while start > 0 and not lines[start - 1].strip():
        start -= 1
    end = at
    while end < len(lines) and not lines[end].strip():
        end += 1
    keep = 0 if start == 0 else (2 if end < len(lines) else 0)
    lines[start:end] = ["\n"] * min(keep, end - start)
