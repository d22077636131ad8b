"""Rewrite one file for a set of renames: text filter, then `ast`, then libcst if needed."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from .analysis import FileContext, analyse
from .names import Renames


@dataclass(frozen=True)
class FileTask:
    """A file to scan: its absolute path and its module names before and after."""

    path: str
    ctx: FileContext
    text: str | None = None  # planned text that replaces the file's (a second pass)
    grammar: str | None = None  # the project's Python ("3.12"), for files `ast` here cannot parse


@dataclass(frozen=True)
class FileOutcome:
    """The result for one file: its original and new text, what is left, what went wrong."""

    rel: str
    original: str | None = None
    new_text: str | None = None
    references: tuple[tuple[int, str], ...] = ()
    error: str | None = None


def read_text(path: str | Path) -> str:
    """Read a source file keeping its line endings."""
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def process(task: FileTask, renames: Renames) -> FileOutcome:
    """Return how one file changes for `renames` (never writes)."""
    rel = task.ctx.rel
    try:
        text = task.text if task.text is not None else read_text(task.path)
    except (OSError, UnicodeDecodeError) as exc:
        return FileOutcome(rel, error=f"cannot read: {exc}")
    if not task.ctx.moved and not any(word in text for word in renames.keywords):
        return FileOutcome(rel)
    try:
        tree = ast.parse(text, filename=rel)
    except SyntaxError as exc:
        return _newer_grammar(task, renames, text, f"{rel}:{exc.lineno}: syntax error: {exc.msg}")
    facts = analyse(tree, task.ctx, renames)
    if not facts.maybe:
        return FileOutcome(rel, text, None, facts.references)
    return _transform(task, renames, text, facts)


def _newer_grammar(task: FileTask, renames: Renames, text: str, error: str) -> FileOutcome:
    """Parse with the project's grammar (libcst) what this interpreter's `ast` cannot."""
    import libcst as cst

    from .cst_facts import facts_of, parse

    try:
        module = parse(text, task.grammar)
    except (cst.ParserSyntaxError, ValueError):
        return FileOutcome(task.ctx.rel, error=error)
    if not task.ctx.moved and not renames.mention.search(text) and not any(
        f" {w}" in text or f".{w}" in text for w in renames.keywords
    ):
        return FileOutcome(task.ctx.rel)
    return _transform(task, renames, text, facts_of(module, task.ctx, renames), module)


def _transform(task: FileTask, renames: Renames, text: str, facts, parsed=None) -> FileOutcome:  # type: ignore[no-untyped-def]
    import libcst as cst

    from .rewrite import ImportAdder, MoveTransformer, missing_imports

    rel = task.ctx.rel
    if facts.only_imports:
        from .splice import splice_imports

        spliced = splice_imports(text, task.ctx, renames, facts)
        if spliced is not None:
            new_text, introduced = spliced
            return _outcome(rel, text, new_text, introduced, facts)
    try:
        module = parsed if parsed is not None else cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        return FileOutcome(rel, error=f"{rel}:{exc.raw_line}: syntax error: {exc.message}")
    transformer = MoveTransformer(task.ctx, renames, facts.module_bindings, facts.bound)
    module = module.visit(transformer)
    missing = missing_imports(transformer)
    loads = facts.load_counts or {}
    drop = frozenset(
        root
        for root, count in transformer.rewritten_roots.items()
        if count >= loads.get(root, 0) and facts.module_bindings.get(root) != root
    )
    if missing or transformer.from_needed or drop:
        module = module.visit(ImportAdder(missing, transformer.from_needed, drop))
    return _outcome(rel, text, module.code, transformer.introduced, facts)


def _outcome(rel: str, text: str, new: str, introduced: set[str], facts) -> FileOutcome:  # type: ignore[no-untyped-def]
    clashes = sorted(introduced & facts.other_bindings)
    if clashes:
        return FileOutcome(
            rel,
            error=f"{rel}: the rewritten imports would bind {', '.join(clashes)!s}, "
            "which this file already uses for something else",
        )
    return FileOutcome(rel, text, new if new != text else None, facts.references)


def process_many(tasks: list[FileTask], renames: Renames) -> list[FileOutcome]:
    """Process a batch in this process (the unit of work sent to a pool worker)."""
    return [process(task, renames) for task in tasks]
