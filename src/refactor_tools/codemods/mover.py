"""`move`: move a module or package, rewrite every reference, optionally leave shims."""

from __future__ import annotations

import ast
from pathlib import Path

from ..config import ProjectConfig
from . import planning, text_refs, transaction
from .after import after_commands
from .diffing import file_diff, join
from .import_style import project_style
from .module_data import plan_data
from .names import Renames, last, parent, within
from .project import ModuleLocation, absolute_name, locate, module_path, occupied, rel
from .results import MoveRefused, MoveResult, Reference
from .safety import refuse_dirty, refuse_outside
from .shims import shim_files, shim_target
from .symbol_mover import refuse_shim_target
from .worker import read_text


def move(
    config: ProjectConfig,
    old: str,
    new: str,
    *,
    shim: bool = True,
    dry_run: bool = False,
    with_data: bool = True,
    allow_dirty: bool = True,
) -> MoveResult:
    """Move module or package `old` (or symbols `old_module:a,b`) to `new`; rewrite references.

    Args:
        config: the project (its source dir, tests/, scripts/ and extra roots are rewritten,
            and the references in its config, CI, Docker, shell and Make files).
        old: dotted name, absolute or relative to the root package; `module:name,name` moves
            top-level functions, classes and constants.
        new: dotted name, absolute or relative to the root package.
        shim: leave a deprecation shim at the old path.
        dry_run: compute the diff and change nothing.
        with_data: carry the data files a moved module reads beside itself.
        allow_dirty: write even to files with uncommitted changes (the default for API callers
            such as the driver, which keep their own clean tree and restore; the CLI refuses
            dirty files unless --allow-dirty).

    Returns:
        The changed, moved and created files, notes left for the user, and the diff.

    Raises:
        MoveRefused: missing source, existing target, a name clash, a bad name, a dirty file,
            a path outside the package, data the move would break.
        ParseFailed: a file in scope does not parse (nothing was written).
    """
    if ":" in old:
        return _move_symbols(config, old, new, shim=shim, dry_run=dry_run, allow_dirty=allow_dirty)
    old_name = absolute_name(config, old, "OLD")
    new_name = absolute_name(config, new, "NEW")
    source = _check(config, old_name, new_name)
    if source is None:
        return MoveResult(old_name, new_name, (), (), (), (), (), "", dry_run, noop=True)
    style = project_style(config)
    renames = Renames.of({old_name: new_name})
    moves = _moves(config, source, new_name)
    data = plan_data(config, moves, source.files_root if source.is_package else None, with_data=with_data)
    package_dirs = [(source.files_root, module_path(config, new_name))] if source.is_package else []
    paths = text_refs.path_renames(config.root, config.source_dir, moves + list(data.moves), package_dirs + list(data.folders))
    rewrites = planning.compute(config, renames, moved=frozenset(src for src, _ in moves), style=style, paths=paths)
    destination = dict(moves)
    writes: dict[Path, str] = {}
    diffs: list[tuple[str, str]] = []
    for src, dst in moves:
        if src.suffix == ".py" or src in rewrites.new_texts:
            before = read_text(src)
            after = rewrites.new_texts.get(src, before)
            if after != before:
                writes[dst] = after
            diffs.append((rel(config, src), file_diff(rel(config, src), _rel_new(config, dst), before, after)))
    for src, dst in data.moves:
        diffs.append((rel(config, src), file_diff(rel(config, src), _rel_new(config, dst), "", "")))
    for path, text in rewrites.new_texts.items():
        if path not in destination:
            writes[path] = text
            diffs.append((rel(config, path), file_diff(rel(config, path), rel(config, path), rewrites.originals[path], text)))
    created: dict[Path, str] = {p: "" for p in _new_packages(config, new_name)}
    shims = shim_files(old_name, new_name, source.is_package, moves, source.files_root) if shim else {}
    created.update(shims)
    for path, text in created.items():
        diffs.append((_rel_new(config, path), file_diff(None, _rel_new(config, path), "", text)))
    remove_dirs: tuple[Path, ...] = ()
    emptied = {src.parent for src, _ in data.moves} | {d for d, _ in data.folders}
    if source.is_package and not shim:
        emptied |= {src.parent for src, _ in moves} | {source.files_root}
    remove_dirs = tuple(sorted(emptied, key=lambda p: (-len(p.parts), p)))
    all_moves = tuple(moves) + data.moves
    changes = transaction.ChangeSet(
        moves=all_moves,
        writes=tuple(sorted({**writes, **created}.items())),
        remove_dirs=remove_dirs,
    )
    touched = [src for src, _ in all_moves] + [p for p in writes if p not in destination.values()]
    refuse_dirty(config, touched, allow_dirty)
    if not dry_run:
        transaction.apply(config.root, changes, after_commands(config, [*writes, *created]))
    notes = [*rewrites.references, *(Reference(_rel_new(config, p), line, m) for p, line, m in data.notes)]
    moved_rel = {rel(config, s): _rel_new(config, d) for s, d in moves}
    return MoveResult(
        old=old_name,
        new=new_name,
        changed_files=tuple(sorted(_rel_new(config, p) for p in writes)),
        moved_files=tuple((rel(config, s), _rel_new(config, d)) for s, d in all_moves),
        created_files=tuple(sorted(_rel_new(config, p) for p in created)),
        shims=tuple(sorted(_rel_new(config, p) for p in shims)),
        references=tuple(sorted({_at_new_path(r, moved_rel) for r in notes}, key=lambda r: (r.path, r.line, r.message))),
        diff=join(diffs),
        dry_run=dry_run,
    )


def _at_new_path(reference: Reference, moved: dict[str, str]) -> Reference:
    return Reference(moved.get(reference.path, reference.path), reference.line, reference.message)


def _move_symbols(
    config: ProjectConfig, old: str, new: str, *, shim: bool, dry_run: bool, allow_dirty: bool
) -> MoveResult:
    from .symbol_mover import SymbolMove, move_symbols

    module, _, names = old.partition(":")
    listed = [n.strip() for n in names.split(",") if n.strip()]
    if not listed:
        raise MoveRefused(f"OLD {old!r} names no symbol after the colon", hint="write e.g. crud:create_item,update_item")
    spec = SymbolMove(absolute_name(config, module, "OLD"), tuple(listed), absolute_name(config, new, "NEW"))
    return move_symbols(config, spec, project_style(config), shim=shim, dry_run=dry_run, allow_dirty=allow_dirty)


def _rel_new(config: ProjectConfig, path: Path) -> str:
    return path.relative_to(config.root).as_posix()


def _check(config: ProjectConfig, old: str, new: str) -> ModuleLocation | None:
    """Refuse impossible moves; return None when the move is already done."""
    if old == new:
        raise MoveRefused(f"OLD and NEW are the same module {old!r}")
    if old == config.package:
        raise MoveRefused(f"cannot move the root package {old!r}", hint="move its modules instead")
    if within(new, old):
        raise MoveRefused(f"cannot move {old!r} into itself ({new!r})")
    refuse_outside(config, module_path(config, new), "NEW")
    refuse_shim_target(config, new)
    source = locate(config, old)
    target = locate(config, new)
    if source is None or shim_target(read_text(source.path)) == new:
        if target is not None:
            return None  # already moved: a second run changes nothing
        raise MoveRefused(
            f"module {old!r} not found (looked for {rel_or(config, module_path(config, old))}.py "
            "and its package directory)",
            hint="give the dotted name of an existing module, e.g. plugins or "
            f"{config.package}.plugins",
        )
    taken = occupied(config, new)
    if taken is not None:
        raise MoveRefused(
            f"target {new!r} already exists at {rel_or(config, taken)}",
            hint="choose a new name, or move the existing module away first",
        )
    name = parent(new)
    while name and name != config.package:
        file = module_path(config, name).with_suffix(".py")
        if file.exists():
            raise MoveRefused(f"cannot create package {name!r}: module {rel_or(config, file)} is in the way")
        name = parent(name)
    init = module_path(config, parent(new)) / "__init__.py"
    if init.is_file() and last(new) in _top_level_names(init):
        raise MoveRefused(
            f"{rel_or(config, init)} already defines or imports {last(new)!r}; the new module {new!r} "
            "would shadow it",
            hint="choose another name for the new module",
        )
    return source


def rel_or(config: ProjectConfig, path: Path) -> str:
    """Return a path relative to the project root when it is inside it."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def _top_level_names(init: Path) -> set[str]:
    try:
        tree = ast.parse(read_text(init))
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).partition(".")[0] for a in node.names if a.name != "*"}
    return names


def _moves(config: ProjectConfig, source: ModuleLocation, new: str) -> list[tuple[Path, Path]]:
    base = module_path(config, new)
    if not source.is_package:
        return [(source.path, base.with_suffix(".py"))]
    old_dir = source.files_root
    files = [
        p
        for p in old_dir.rglob("*")
        if p.is_file() and "__pycache__" not in p.relative_to(old_dir).parts
    ]
    return sorted((p, base / p.relative_to(old_dir)) for p in files)


def _new_packages(config: ProjectConfig, new: str) -> list[Path]:
    """Return the `__init__.py` files to create so the new module's parents are packages."""
    out = []
    name = parent(new)
    while name and within(name, config.package) and name != config.package:
        init = module_path(config, name) / "__init__.py"
        if not init.exists():
            out.append(init)
        name = parent(name)
    return sorted(out)
