"""`remove-shims`: point remaining importers at the new paths, then delete the shims."""

from __future__ import annotations

import ast
from pathlib import Path

from ..config import ProjectConfig
from . import planning, transaction
from .diffing import file_diff, join
from .names import Renames
from .project import module_of, python_files, rel
from .results import ReferencesRemain, RemoveShimsResult
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


def remove_shims(config: ProjectConfig, *, dry_run: bool = False) -> RemoveShimsResult:
    """Rewrite every importer of a shimmed path to the new path, then delete the shims.

    Args:
        config: the project.
        dry_run: compute the diff and change nothing.

    Returns:
        The rewritten files, deleted shims and packages, and the diff.

    Raises:
        ReferencesRemain: strings mention a shimmed path and cannot be rewritten (exit 1).
        ParseFailed: a file in scope does not parse (nothing was written).
    """
    shims = find_shims(config)
    mapping = {old: new for old, new in shims.values()}
    if not shims:
        return RemoveShimsResult((), (), (), (), (), "", dry_run)
    renames = Renames.of(mapping)
    rewrites = planning.compute(config, renames, exclude=frozenset(shims))
    if rewrites.references:
        raise ReferencesRemain(
            f"{len(rewrites.references)} reference(s) to shimmed paths cannot be rewritten; "
            "shims kept:\n" + "\n".join(str(r) for r in rewrites.references),
            hint="edit these lines to use the new paths, then run remove-shims again",
        )
    deletes, dirs = _emptied(config, set(shims))
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
        references=(),
        diff=join(diffs),
        dry_run=dry_run,
    )


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
        left = [p for p in directory.iterdir() if p.name != "__pycache__" and p not in deletes]
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
