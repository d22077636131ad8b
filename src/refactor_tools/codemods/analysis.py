"""The cheap `ast` pass: does a file need libcst, what names does it bind, what to report."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .names import Renames, resolve_relative
from .references import (
    ANNOTATION,
    CALL,
    DOC,
    OTHER,
    REFERENCE_KEYWORDS,
    all_entry,
    is_reference_call,
    mentions,
    rewrite_string,
)


@dataclass(frozen=True)
class FileContext:
    """One file of the scan: where it is and which module it is before and after the move."""

    rel: str
    old_module: str
    new_module: str
    is_package: bool

    @property
    def old_package(self) -> str:
        """Return the package relative imports resolve against before the move."""
        return self.old_module if self.is_package else self.old_module.rpartition(".")[0]

    @property
    def new_package(self) -> str:
        """Return the package relative imports resolve against after the move."""
        return self.new_module if self.is_package else self.new_module.rpartition(".")[0]

    @property
    def moved(self) -> bool:
        """Return True when the file itself moves."""
        return self.old_module != self.new_module


@dataclass(frozen=True)
class FileFacts:
    """What the `ast` pass learned about one file."""

    maybe: bool
    references: tuple[tuple[int, str], ...]
    module_bindings: dict[str, str]
    other_bindings: frozenset[str]
    bound: frozenset[str] = frozenset()
    import_sites: tuple[tuple[int, int, int, int], ...] = ()
    only_imports: bool = False
    load_counts: dict[str, int] | None = None


def dotted_ast(node: ast.AST) -> str | None:
    """Return `a.b.c` for a chain of Name/Attribute nodes, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _from_target(node: ast.ImportFrom, package: str) -> str | None:
    if node.level:
        return resolve_relative(package, node.level, node.module)
    return node.module


class _Collector(ast.NodeVisitor):
    def __init__(self, ctx: FileContext, renames: Renames) -> None:
        self.ctx = ctx
        self.renames = renames
        self.maybe = False
        self.imports: dict[str, set[str]] = {}
        self.others: set[str] = set()
        self.contexts: dict[int, str] = {}
        self.attributes: list[ast.Attribute] = []
        self.all_lists: list[ast.AST] = []
        self.sites: set[tuple[int, int, int, int]] = set()
        self.loads: dict[str, int] = {}

    def _site(self, node: ast.stmt) -> None:
        self.maybe = True
        self.sites.add((node.lineno, node.end_lineno or node.lineno, node.col_offset, node.end_col_offset or 0))

    def _bind(self, name: str, module: str) -> None:
        self.imports.setdefault(name, set()).add(module)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if self.renames.new_name(alias.name):
                self._site(node)
            if alias.asname:
                self._bind(alias.asname, alias.name)
            else:
                root = alias.name.partition(".")[0]
                self._bind(root, root)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        target = _from_target(node, self.ctx.old_package)
        if node.level and self.ctx.moved:
            self._site(node)
        if target is None:
            return
        if self.renames.new_name(target):
            self._site(node)
        for alias in node.names:
            if alias.name == "*":
                continue
            full = f"{target}.{alias.name}"
            if self.renames.new_name(full):
                self._site(node)
            self._bind(alias.asname or alias.name, full)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.others.add(node.id)
        else:
            self.loads[node.id] = self.loads.get(node.id, 0) + 1

    def visit_arg(self, node: ast.arg) -> None:
        self.others.add(node.arg)
        self._annotation(node.annotation)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.others.add(node.name)
        self._annotation(node.returns)
        self.generic_visit(node)

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.others.add(node.name)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.others.add(node.name)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._annotation(node.annotation)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            self.all_lists.append(node.value)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if is_reference_call(dotted_ast(node.func)):
            for arg in node.args:
                self.contexts.setdefault(id(arg), CALL)
            for kw in node.keywords:
                if kw.arg in REFERENCE_KEYWORDS:
                    self.contexts.setdefault(id(kw.value), CALL)
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            self.contexts[id(node.value)] = DOC
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.attributes.append(node)
        self.generic_visit(node)

    def _annotation(self, node: ast.AST | None) -> None:
        if node is None:
            return
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                self.contexts[id(sub)] = ANNOTATION


def analyse(tree: ast.Module, ctx: FileContext, renames: Renames) -> FileFacts:
    """Scan a parsed file: decide whether libcst must run and list unrewritable strings."""
    col = _Collector(ctx, renames)
    col.visit(tree)
    bindings = {
        name: next(iter(mods))
        for name, mods in col.imports.items()
        if len(mods) == 1 and name not in col.others
    }
    maybe = col.maybe
    other = False  # a rewrite outside import statements (needs the whole-file pass)
    for node in col.attributes:
        name = dotted_ast(node)
        if name is None or "." not in name:
            continue
        root, _, rest = name.partition(".")
        module = bindings.get(root)
        if module and renames.is_ancestor(module) and renames.is_moved_exactly(f"{module}.{rest}"):
            maybe = other = True
    refs: list[tuple[int, str]] = []
    all_nodes = {id(n) for lst in col.all_lists for n in getattr(lst, "elts", ())}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in all_nodes:
            col.loads[node.value] = col.loads.get(node.value, 0) + 1
            if node.value in col.imports or node.value in col.others:
                continue
            entry = all_entry(node.value, ctx.old_package, ctx.new_package, renames)
            if ctx.is_package and entry is not None:
                if entry.new:
                    maybe = other = True
                else:
                    refs.append((node.lineno, entry.problem or ""))
            continue
        if not mentions(node.value, renames):
            continue
        context = col.contexts.get(id(node), OTHER)
        if rewrite_string(node.value, renames, context) is not None:
            maybe = other = True
        else:
            refs.append((node.lineno, f"string mentions the old path: {_short(node.value)}"))
    others = frozenset(col.others) | frozenset(
        name for name, mods in col.imports.items() if mods != {name}
    )
    bound = frozenset(col.imports) | frozenset(col.others)
    return FileFacts(
        maybe,
        tuple(sorted(set(refs))),
        bindings,
        others,
        bound,
        tuple(sorted(col.sites)),
        maybe and not other,
        col.loads,
    )


def _short(value: str) -> str:
    text = value.strip().splitlines()[0] if value.strip() else value
    return repr(text if len(text) <= 60 else text[:57] + "...")
