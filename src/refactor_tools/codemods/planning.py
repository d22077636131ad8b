"""Compute every rewrite of a run in memory: Python files and pyproject.toml references."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..config import ProjectConfig
from . import engine, text_refs
from .analysis import FileContext
from .import_block import resort
from .import_style import ImportStyle
from .names import Renames
from .project import module_of, python_files, rel
from .results import MoveRefused, ParseFailed, Reference
from .worker import FileTask, read_text


@dataclass(frozen=True)
class Rewrites:
    """New texts by current path, original texts, and references left unchanged."""

    new_texts: dict[Path, str]
    originals: dict[Path, str]
    references: tuple[Reference, ...]


def compute(
    config: ProjectConfig,
    renames: Renames,
    *,
    moved: frozenset[Path] = frozenset(),
    exclude: frozenset[Path] = frozenset(),
    style: ImportStyle | None = None,
    texts: dict[Path, str] | None = None,
    paths: list[text_refs.PathRename] | None = None,
) -> Rewrites:
    """Return every file's new text for `renames`, or raise before anything is written.

    Raises:
        ParseFailed: a file in scope does not parse.
        MoveRefused: a rewrite would rebind a name the file uses for something else.
    """
    grammar = _grammar(style)
    tasks = []
    for path in python_files(config):
        if path in exclude:
            continue
        module, is_package = module_of(config, path)
        new_module = (renames.new_name(module) or module) if path in moved else module
        context = FileContext(rel(config, path), module, new_module, is_package)
        tasks.append(FileTask(str(path), context, (texts or {}).get(path), grammar))
    outcomes = engine.run(tasks, renames)
    parse_errors = sorted(o.error for o in outcomes if o.error and "syntax error" in o.error)
    if parse_errors:
        raise ParseFailed(
            "cannot parse " + "; ".join(parse_errors),
            hint="fix the syntax error first; nothing was changed",
        )
    other_errors = sorted(o.error for o in outcomes if o.error)
    if other_errors:
        raise MoveRefused("; ".join(other_errors), hint="rename the local name first; nothing was changed")
    root = config.root
    new_texts = {
        root / o.rel: resort(style, o.original or "", o.new_text) if style else o.new_text
        for o in outcomes
        if o.new_text is not None
    }
    originals = {root / o.rel: o.original for o in outcomes if o.new_text is not None and o.original is not None}
    refs = [Reference(o.rel, line, msg) for o in outcomes for line, msg in o.references]
    rewriter = text_refs.TextRewriter(renames, paths or [])
    other_texts, other_originals, notes = text_refs.plan(config.root, rewriter, texts or {})
    new_texts.update(other_texts)
    originals.update(other_originals)
    refs += [Reference(rel_path, line, message) for rel_path, line, message in notes]
    return Rewrites(new_texts, originals, tuple(sorted(refs, key=lambda r: (r.path, r.line, r.message))))


def compute_one(config: ProjectConfig, path: Path, renames: Renames) -> str:
    """Return one file's text rewritten for `renames` (its current text when nothing changes).

    Raises:
        ParseFailed: the file does not parse.
    """
    module, is_package = module_of(config, path)
    task = FileTask(str(path), FileContext(rel(config, path), module, module, is_package))
    (outcome,) = engine.run([task], renames, jobs=1)
    if outcome.error:
        raise ParseFailed(outcome.error, hint="fix it first; nothing was changed")
    return outcome.new_text if outcome.new_text is not None else read_text(path)


def _grammar(style: ImportStyle | None) -> str | None:
    """Return the project's Python version for libcst, when it is newer than this one."""
    if style is None or style.target_version is None:
        return None
    if style.target_version <= sys.version_info[:2]:
        return None
    return "{}.{}".format(*style.target_version)
