"""Facts about a file that `ast` of the running Python cannot parse, taken from libcst.

A project may require a newer Python than the one the tool runs on (PEP 695 `type` aliases,
generic functions, nested f-string quotes): libcst parses with the grammar of the project's
`requires-python`, and this collector gives the rewrite what the `ast` pass would have.
"""

from __future__ import annotations

import libcst as cst

from .analysis import FileContext, FileFacts
from .names import Renames, resolve_relative
from .rewrite import dotted_cst


class _Bindings(cst.CSTVisitor):
    def __init__(self, ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.imports: dict[str, set[str]] = {}
        self.others: set[str] = set()
        self.loads: dict[str, int] = {}

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            name = dotted_cst(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.imports.setdefault(alias.asname.name.value, set()).add(name)
            else:
                root = name.partition(".")[0]
                self.imports.setdefault(root, set()).add(root)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if isinstance(node.names, cst.ImportStar):
            return False
        module = dotted_cst(node.module) if node.module is not None else None
        level = len(node.relative)
        target = resolve_relative(self.ctx.old_package, level, module) if level else module
        if target is None:
            return False
        for alias in node.names:
            name = dotted_cst(alias.name) or ""
            bound = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
            self.imports.setdefault(bound, set()).add(f"{target}.{name}")
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.loads[node.value] = self.loads.get(node.value, 0) + 1

    def visit_Param(self, node: cst.Param) -> None:
        self.others.add(node.name.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.others.add(node.name.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.others.add(node.name.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        if isinstance(node.target, cst.Name):
            self.others.add(node.target.value)


def parse(text: str, version: str | None) -> cst.Module:
    """Parse with the grammar of `version` ("3.12"), or libcst's newest when None.

    Raises:
        libcst.ParserSyntaxError: the text does not parse with that grammar either.
    """
    config = cst.PartialParserConfig(python_version=version) if version else cst.PartialParserConfig()
    return cst.parse_module(text, config)


def facts_of(module: cst.Module, ctx: FileContext, renames: Renames) -> FileFacts:
    """Return the facts the rewrite needs (always the whole-file pass, no string report)."""
    collector = _Bindings(ctx)
    module.visit(collector)
    bindings = {
        name: next(iter(mods))
        for name, mods in collector.imports.items()
        if len(mods) == 1 and name not in collector.others
    }
    others = frozenset(collector.others) | frozenset(
        name for name, mods in collector.imports.items() if mods != {name}
    )
    bound = frozenset(collector.imports) | frozenset(collector.others)
    return FileFacts(True, (), bindings, others, bound, (), False, collector.loads)
