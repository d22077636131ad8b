"""The libcst pass: rewrite imports, attribute chains and strings of one file for a move."""

from __future__ import annotations

import libcst as cst

from .analysis import FileContext
from .names import Renames, anchor_of, last, parent, relative_form, resolve_relative, within
from .references import (
    ANNOTATION,
    CALL,
    OTHER,
    REFERENCE_KEYWORDS,
    all_entry,
    is_reference_call,
    rewrite_string,
)


def dotted_cst(node: cst.BaseExpression | None) -> str | None:
    """Return `a.b.c` for a chain of Name/Attribute nodes, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def build_dotted(name: str) -> cst.Name | cst.Attribute:
    """Return the expression node for a dotted name."""
    head, *rest = name.split(".")
    node: cst.Name | cst.Attribute = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def _common(a: str, b: str) -> str:
    out = []
    for x, y in zip(a.split("."), b.split(".")):
        if x != y:
            break
        out.append(x)
    return ".".join(out)


def _root(name: str) -> str:
    return name.partition(".")[0]


def bound_names(stmt: cst.BaseSmallStatement) -> set[str]:
    """Return the names an import statement binds."""
    if isinstance(stmt, cst.Import):
        return {
            a.asname.name.value if a.asname else _root(dotted_cst(a.name) or "")  # type: ignore[union-attr]
            for a in stmt.names
        }
    if isinstance(stmt, cst.ImportFrom) and not isinstance(stmt.names, cst.ImportStar):
        return {
            a.asname.name.value if a.asname else (dotted_cst(a.name) or "")  # type: ignore[union-attr]
            for a in stmt.names
        }
    return set()


class MoveTransformer(cst.CSTTransformer):
    """Point one file's references at the new module names."""

    def __init__(
        self,
        ctx: FileContext,
        renames: Renames,
        bindings: dict[str, str],
        bound: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.bound = bound
        self.aliases: dict[str, str] = {}  # new module -> the name a from-import binds it to
        self.from_needed: dict[str, set[tuple[str, str, str]]] = {}  # root -> (package, module, alias)
        self.rewritten_roots: dict[str, int] = {}
        self.ctx = ctx
        self.renames = renames
        self.bindings = bindings
        self.introduced: set[str] = set()
        self.final_imports: set[str] = set()
        self.needed: dict[str, set[str]] = {}
        self._annotations = 0
        self._docs: set[int] = set()

    # -- imports -----------------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        names = []
        for alias in updated.names:
            name = dotted_cst(alias.name) or ""
            new = self.renames.new_name(name)
            if new:
                alias = alias.with_changes(name=build_dotted(new))
                if alias.asname is None and _root(new) != _root(name):
                    self.introduced.add(_root(new))
                name = new
            if alias.asname is None:
                self.final_imports.add(name)
            names.append(alias)
        return updated.with_changes(names=names)

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine]:
        body: list[cst.BaseSmallStatement] = []
        extra: list[cst.BaseSmallStatement] = []
        for stmt in updated.body:
            if isinstance(stmt, cst.ImportFrom):
                first, *more = self._rewrite_from(stmt)
                body.append(first)
                extra.extend(more)
            else:
                body.append(stmt)
        line = updated.with_changes(body=body)
        if not extra:
            return line
        # A `# noqa` on the split statement keeps holding for each part of it.
        comment = updated.trailing_whitespace.comment
        trailing = updated.trailing_whitespace if comment and "noqa" in comment.value else cst.TrailingWhitespace()
        parts = [cst.SimpleStatementLine(body=[s], trailing_whitespace=trailing) for s in extra]
        return cst.FlattenSentinel([line, *parts])

    def _resolve(self, stmt: cst.ImportFrom) -> tuple[str | None, str | None, int, str | None]:
        level = len(stmt.relative)
        module = dotted_cst(stmt.module) if stmt.module is not None else None
        if not level:
            return module, None, 0, module
        package = self.ctx.old_package
        return resolve_relative(package, level, module), anchor_of(package, level), level, module

    def _form(self, target: str, anchor: str | None) -> tuple[int, str | None]:
        """Relative (climbing as little as possible) while inside the old anchor, else absolute."""
        if anchor is not None:
            new_anchor = self.renames.new_name(anchor) or anchor
            common = _common(self.ctx.new_package, target)
            if common and within(common, new_anchor):
                new_anchor = common
            rel = relative_form(self.ctx.new_package, new_anchor, target)
            if rel is not None:
                return rel
        return 0, target

    def _with_module(
        self, stmt: cst.ImportFrom, target: str, anchor: str | None, old: tuple[int, str | None]
    ) -> cst.ImportFrom:
        original = resolve_relative(self.ctx.old_package, old[0], old[1]) if old[0] else old[1]
        if target == original and not self.ctx.moved:
            return stmt
        level, module = self._form(target, anchor)
        if (level, module) == old:
            return stmt
        return stmt.with_changes(
            relative=[cst.Dot() for _ in range(level)],
            module=build_dotted(module) if module else None,
        )

    def _rewrite_from(self, stmt: cst.ImportFrom) -> list[cst.BaseSmallStatement]:
        target, anchor, level, module = self._resolve(stmt)
        if target is None:
            return [stmt]
        old = (level, module)
        new_target = self.renames.new_name(target)
        if new_target or isinstance(stmt.names, cst.ImportStar):
            return [self._with_module(stmt, new_target or target, anchor, old)]
        kept: list[cst.ImportAlias] = []
        groups: dict[str, list[cst.ImportAlias]] = {}
        for alias in stmt.names:
            name = dotted_cst(alias.name) or ""
            new_full = self.renames.new_name(f"{target}.{name}")
            if new_full is None:
                kept.append(alias)
                continue
            bound = alias.asname.name.value if alias.asname else name  # type: ignore[union-attr]
            new_alias = alias.with_changes(
                name=cst.Name(last(new_full)),
                asname=None
                if last(new_full) == bound
                else (alias.asname or cst.AsName(name=cst.Name(bound))),
            )
            groups.setdefault(parent(new_full), []).append(new_alias)
        if not groups:
            return [self._with_module(stmt, target, anchor, old)]
        if not kept and len(groups) == 1:
            (package, aliases), = groups.items()
            return [self._with_module(stmt.with_changes(names=aliases), package, anchor, old)]
        out: list[cst.BaseSmallStatement] = []
        if kept:
            if not stmt.lpar:
                kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            out.append(self._with_module(stmt.with_changes(names=kept), target, anchor, old))
        for package, aliases in sorted(groups.items()):
            aliases = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in aliases]
            level_, module_ = self._form(package, anchor if level else None)
            out.append(
                cst.ImportFrom(
                    module=build_dotted(module_) if module_ else None,
                    names=aliases,
                    relative=[cst.Dot() for _ in range(level_)],
                )
            )
        if not kept:
            first = out[0]
            out[0] = first.with_changes(semicolon=stmt.semicolon)  # type: ignore[call-arg]
        return out

    # -- attribute chains through a parent package --------------------------------------
    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        name = dotted_cst(original)
        if name is None:
            return updated
        root, _, rest = name.partition(".")
        module = self.bindings.get(root)
        if module is None or not self.renames.is_ancestor(module):
            return updated
        full = f"{module}.{rest}"
        if not self.renames.is_moved_exactly(full):
            return updated
        new = self.renames.new_name(full) or full
        if self.renames.symbols:
            return self._symbol_attribute(root, module, new, updated)
        self.needed.setdefault(root, set()).add(new)
        if not (self.bindings.get(_root(new)) == _root(new)):
            self.introduced.add(_root(new))
        return build_dotted(new).with_changes(lpar=updated.lpar, rpar=updated.rpar)

    def _symbol_attribute(
        self, root: str, module: str, new: str, updated: cst.Attribute
    ) -> cst.BaseExpression:
        """`crud.create_item` -> `service.create_item`, importing the new module by a free name."""
        new_module = parent(new)
        self.rewritten_roots[root] = self.rewritten_roots.get(root, 0) + 1
        if new_module == self.ctx.new_module:
            # The symbol moved into this very file: a plain name, never an import of itself.
            return cst.Name(last(new)).with_changes(lpar=updated.lpar, rpar=updated.rpar)
        if module == root:  # `import pkg` then `pkg.mod.obj`: keep the dotted form
            self.needed.setdefault(root, set()).add(new_module)
            return build_dotted(new).with_changes(lpar=updated.lpar, rpar=updated.rpar)
        alias = self.aliases.get(new_module) or self._free_alias(new_module)
        self.aliases[new_module] = alias
        self.from_needed.setdefault(root, set()).add((parent(new_module), last(new_module), alias))
        return build_dotted(f"{alias}.{last(new)}").with_changes(lpar=updated.lpar, rpar=updated.rpar)

    def _free_alias(self, new_module: str) -> str:
        taken = self.bound | set(self.aliases.values())
        for candidate in (last(new_module), f"{last(parent(new_module))}_{last(new_module)}"):
            if candidate and candidate.isidentifier() and candidate not in taken:
                return candidate
        index = 2
        while f"{last(new_module)}_{index}" in taken:
            index += 1
        return f"{last(new_module)}_{index}"

    # -- strings ------------------------------------------------------------------------
    def visit_Annotation(self, node: cst.Annotation) -> None:
        self._annotations += 1

    def leave_Annotation(self, original: cst.Annotation, updated: cst.Annotation) -> cst.Annotation:
        self._annotations -= 1
        return updated

    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.SimpleString):
            self._docs.add(id(node.value))

    def leave_SimpleString(
        self, original: cst.SimpleString, updated: cst.SimpleString
    ) -> cst.SimpleString:
        if id(original) in self._docs:
            return updated
        return self._string(updated, ANNOTATION if self._annotations else OTHER)

    def _string(self, node: cst.SimpleString, context: str) -> cst.SimpleString:
        value = node.evaluated_value
        if not isinstance(value, str) or node.raw_value != value:
            return node
        new = rewrite_string(value, self.renames, context)
        if new is None:
            return node
        return node.with_changes(value=f"{node.prefix}{node.quote}{new}{node.quote}")

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        if not is_reference_call(dotted_cst(original.func)):
            return updated
        args = []
        for arg in updated.args:
            keyword = arg.keyword.value if arg.keyword else None
            if isinstance(arg.value, cst.SimpleString) and (
                keyword is None or keyword in REFERENCE_KEYWORDS
            ):
                arg = arg.with_changes(value=self._string(arg.value, CALL))
            args.append(arg)
        return updated.with_changes(args=args)

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        if not self.ctx.is_package or not any(
            isinstance(t.target, cst.Name) and t.target.value == "__all__" for t in updated.targets
        ):
            return updated
        if not isinstance(updated.value, (cst.List, cst.Tuple)):
            return updated
        elements = []
        for element in updated.value.elements:
            value = element.value
            if (
                isinstance(value, cst.SimpleString)
                and isinstance(value.evaluated_value, str)
                and value.evaluated_value not in self.bound
            ):
                entry = all_entry(
                    value.evaluated_value, self.ctx.old_package, self.ctx.new_package, self.renames
                )
                if entry is not None and entry.new:
                    new_value = f"{value.prefix}{value.quote}{entry.new}{value.quote}"
                    element = element.with_changes(value=value.with_changes(value=new_value))
            elements.append(element)
        return updated.with_changes(value=updated.value.with_changes(elements=elements))


class ImportAdder(cst.CSTTransformer):
    """Add `import new.module` right after the statement that binds the chain's root name."""

    def __init__(
        self,
        needed: dict[str, list[str]],
        from_needed: dict[str, set[tuple[str, str, str]]] | None = None,
        drop: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.needed = dict(needed)
        self.from_needed = dict(from_needed or {})
        self.drop = drop

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine]:
        bound: set[str] = set()
        for stmt in original.body:
            bound |= bound_names(stmt)
        modules = sorted({m for name in bound for m in self.needed.pop(name, [])})
        froms = sorted({f for name in bound for f in self.from_needed.pop(name, set())})
        if not modules and not froms and not (bound & self.drop):
            return updated
        extra = [
            cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(name=build_dotted(m))])])
            for m in modules
        ]
        for package, module, alias in froms:
            asname = None if alias == module else cst.AsName(name=cst.Name(alias))
            statement = cst.ImportFrom(
                module=build_dotted(package), names=[cst.ImportAlias(name=cst.Name(module), asname=asname)]
            )
            extra.append(cst.SimpleStatementLine(body=[statement]))
        kept = _without(updated, self.drop)
        if kept is None:
            if not extra:
                return cst.RemoveFromParent()  # type: ignore[return-value]
            extra[0] = extra[0].with_changes(leading_lines=updated.leading_lines)
            return cst.FlattenSentinel(extra)
        return cst.FlattenSentinel([kept, *extra])


def _without(line: cst.SimpleStatementLine, drop: frozenset[str]) -> cst.SimpleStatementLine | None:
    """Return the line without import aliases that bind a name in `drop` (None: nothing left)."""
    if not drop:
        return line
    body: list[cst.BaseSmallStatement] = []
    for stmt in line.body:
        if isinstance(stmt, (cst.Import, cst.ImportFrom)) and not isinstance(stmt.names, cst.ImportStar):
            names = [a for a in stmt.names if not (bound_names(stmt.with_changes(names=[a])) & drop)]
            if not names:
                continue
            if len(names) != len(stmt.names):
                names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                stmt = stmt.with_changes(names=names)
        body.append(stmt)
    if not body:
        return None
    return line.with_changes(body=body)


def missing_imports(transformer: MoveTransformer) -> dict[str, list[str]]:
    """Return, per binding name, the new modules a rewritten chain needs but nothing imports."""
    out: dict[str, list[str]] = {}
    for name, modules in transformer.needed.items():
        missing = [
            m
            for m in sorted(modules)
            if not any(within(imp, m) for imp in transformer.final_imports)
        ]
        if missing:
            out[name] = missing
    return out
