"""`remove-shims`: point remaining importers at the new paths, then delete the shims."""

from __future__ import annotations

import ast
from pathlib import Path

from ..config import ProjectConfig
from . import planning, symbol_shims, transaction
from .import_style import project_style
from .diffing import file_diff, join
from .names import Renames, resolve_relative
from .project import module_of, python_files, rel
from .results import RemoveShimsResult
from .shims import shim_target
from .worker import read_text


def find_shims(config: ProjectConfig) -> dict[Path, tuple[str, str]]:
    """Return every shim under the source directory: path -> (old name, new name)."""
    source = config.source_dir.resolve()
    out = {}
    for path in python_files(config):
        if not path.is_relative_to(source):
            continue
        with open(path, encoding="utf-8", errors="replace") as fh:
            new = shim_target(fh.read(400))
        if new:
            out[path] = (module_of(config, path)[0], new)
    return out


def find_symbol_shims(config: ProjectConfig) -> dict[Path, dict[str, str]]:
    """Return every module with a moved-symbols block: path -> {name: new module}."""
    source = config.source_dir.resolve()
    out = {}
    for path in python_files(config):
        if not path.is_relative_to(source):
            continue
        text = read_text(path)
        table = symbol_shims.moved_table(text) if symbol_shims.MARKER in text else None
        if table:
            out[path] = table
    return out


def remove_shims(config: ProjectConfig, *, dry_run: bool = False) -> RemoveShimsResult:
    """Rewrite every importer of a shimmed path to the new path, then delete the shims.

    Args:
        config: the project.
        dry_run: compute the diff and change nothing.

    Returns:
        The rewritten files, deleted shims and packages, and the diff.

    Prose that mentions a shimmed path (docstrings, comments, strings with spaces) does not
    block the removal: it is listed as a note in the result.

    Raises:
        ParseFailed: a file in scope does not parse (nothing was written).
    """
    shims = find_shims(config)
    mapping = {old: new for old, new in shims.values()}
    symbol_shims_found = find_symbol_shims(config)
    if not shims and not symbol_shims_found:
        return RemoveShimsResult((), (), (), (), (), "", dry_run)
    style = project_style(config)
    rewrites = planning.compute(config, Renames.of(mapping), exclude=frozenset(shims), style=style)
    if symbol_shims_found:
        symbol_mapping = {
            f"{module_of(config, path)[0]}.{name}": f"{new}.{name}"
            for path, table in symbol_shims_found.items()
            for name, new in table.items()
        }
        mapping.update(symbol_mapping)
        rewrites = _then_symbols(config, rewrites, Renames.of(symbol_mapping, symbols=True), set(shims), style)
        for path in symbol_shims_found:
            before = rewrites.new_texts.get(path, read_text(path))
            rewrites.new_texts[path] = symbol_shims.remove_block(before)
            rewrites.originals.setdefault(path, read_text(path))
    emptied = _emptied_modules(config, rewrites.new_texts, set(shims), set(symbol_shims_found))
    for path in emptied:
        del rewrites.new_texts[path]
    deletes, dirs = _emptied(config, set(shims) | emptied)
    diffs = [
        (rel(config, p), file_diff(rel(config, p), rel(config, p), rewrites.originals[p], text))
        for p, text in rewrites.new_texts.items()
    ]
    diffs += [(rel(config, p), file_diff(rel(config, p), None, read_text(p), "")) for p in deletes]
    changes = transaction.ChangeSet(
        writes=tuple(sorted(rewrites.new_texts.items())),
        deletes=tuple(sorted(deletes)),
        remove_dirs=tuple(dirs),
    )
    if not dry_run:
        transaction.apply(config.root, changes)
    return RemoveShimsResult(
        mappings=tuple(sorted(mapping.items())),
        changed_files=tuple(sorted(rel(config, p) for p in rewrites.new_texts)),
        removed_files=tuple(sorted(rel(config, p) for p in deletes)),
        removed_dirs=tuple(rel(config, d) for d in dirs),
        references=rewrites.references,
        diff=join(diffs),
        dry_run=dry_run,
    )


def _then_symbols(
    config: ProjectConfig, first: planning.Rewrites, renames: Renames, shims: set[Path], style
) -> planning.Rewrites:  # type: ignore[no-untyped-def]
    """Apply the symbol renames on top of the module renames (a file may need both)."""
    second = planning.compute(config, renames, exclude=frozenset(shims), style=style, texts=first.new_texts)
    new_texts = {**first.new_texts, **second.new_texts}
    originals = {**second.originals, **first.originals}
    refs = tuple(sorted({*first.references, *second.references}, key=lambda r: (r.path, r.line, r.message)))
    return planning.Rewrites(new_texts, originals, refs)


def _trivial(init: Path) -> bool:
    """Return True for an `__init__.py` holding at most a docstring and `pass`."""
    try:
        tree = ast.parse(read_text(init))
    except SyntaxError:
        return False
    for node in tree.body:
        if isinstance(node, ast.Pass):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        return False
    return True


def _nothing_but_a_header(text: str) -> bool:
    """Return True for a module holding at most a docstring, `from __future__` imports and `pass`."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    for node in tree.body:
        if isinstance(node, ast.Pass) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        return False
    return True


def _names_module(tree: ast.Module, package: str, module: str) -> bool:
    """Return True when an import or an exact dotted string of `tree` names `module`."""
    parent, _, last = module.rpartition(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(a.name == module or a.name.startswith(module + ".") for a in node.names):
                return True
        elif isinstance(node, ast.ImportFrom):
            base = resolve_relative(package, node.level, node.module) if node.level else node.module
            if base == module or (base or "").startswith(module + "."):
                return True
            if base == parent and any(a.name == last for a in node.names):
                return True
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
            if value == module or value.startswith((module + ".", module + ":")):
                return True
    return False


def _emptied_modules(
    config: ProjectConfig, texts: dict[Path, str], shims: set[Path], symbol_modules: set[Path]
) -> set[Path]:
    """Return the modules whose moved-symbols block was all they still held, and nobody imports.

    Once its last symbols moved away, a monolith's `crud.py` keeps only its docstring: delete
    it, unless some file (as rewritten) still imports it or names it in an exact string.
    """
    candidates = {p for p in symbol_modules if p.name != "__init__.py" and _nothing_but_a_header(texts[p])}
    if not candidates:
        return set()
    names = {path: module_of(config, path)[0] for path in candidates}
    used: set[Path] = set()
    for path in python_files(config):
        if path in shims or path in candidates:
            continue
        try:
            tree = ast.parse(texts.get(path) or read_text(path))
        except SyntaxError:
            continue
        name, is_package = module_of(config, path)
        package = name if is_package else name.rpartition(".")[0]
        used |= {c for c, module in names.items() if c not in used and _names_module(tree, package, module)}
        if used == candidates:
            break
    return candidates - used


def _emptied(config: ProjectConfig, shims: set[Path]) -> tuple[set[Path], list[Path]]:
    """Return the files to delete (shims and trivial `__init__`s) and the dirs they empty."""
    deletes = set(shims)
    stop = config.package_dir.resolve()
    dirs: list[Path] = []
    pending = sorted({p.parent for p in shims}, key=lambda d: -len(d.parts))
    while pending:
        directory = pending.pop(0)
        if directory in dirs or directory == stop or not directory.is_relative_to(stop):
            continue
        left = [p for p in directory.iterdir() if p.name != "__pycache__" and p not in deletes and p not in dirs]
        init = directory / "__init__.py"
        if left == [init] and _trivial(init) and any(d in shims for d in directory.rglob("*.py")):
            deletes.add(init)
            left = []
        if left:
            continue
        dirs.append(directory)
        pending.append(directory.parent)
        pending.sort(key=lambda d: -len(d.parts))
    return deletes, dirs
