"""`move pkg.mod:a,b pkg.other`: move functions, classes and constants with what they need."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import ProjectConfig
from . import import_block, import_graph, planning, symbol_edits, symbol_shims, transaction
from .after import after_commands
from .diffing import file_diff, join
from .import_block import from_unit
from .import_style import ImportStyle
from .names import Renames, last, parent, within
from .project import locate, module_path, rel
from .results import MoveRefused, MoveResult
from .safety import refuse_dirty, refuse_outside
from .shims import shim_target
from .symbols import check_symbol_names, cut, locate_symbols, module_facts
from .worker import read_text


@dataclass(frozen=True)
class SymbolMove:
    """What to move: names of module `old` into module `new`."""

    old: str
    names: tuple[str, ...]
    new: str

    @property
    def spec(self) -> str:
        """Return `old:a,b` as the user wrote it (absolute)."""
        return f"{self.old}:{','.join(self.names)}"


def _target_path(config: ProjectConfig, new: str) -> tuple[Path, bool]:
    location = locate(config, new)
    if location is not None:
        return location.path, True
    return module_path(config, new).with_suffix(".py"), False


def refuse_shim_target(config: ProjectConfig, new: str) -> None:
    """Refuse a target that is, or lies inside, a shim left by an earlier move."""
    name = new
    while name and within(name, config.package):
        location = locate(config, name)
        if location is not None and shim_target(read_text(location.path)):
            raise MoveRefused(
                f"{new!r} would live in {name!r}, which is a shim left by an earlier move "
                f"(it stands for {shim_target(read_text(location.path))})",
                hint="move to the new path instead, or run remove-shims first",
            )
        name = parent(name)


def _cycle(config: ProjectConfig, move: SymbolMove, needs_old: dict[str, tuple[str, int]],
           staying: dict[str, int], old_rel: str, new_exists: bool, planned: dict[str, str]) -> None:
    """Refuse when the move makes the old and the new module import each other."""
    def said(names: dict[str, tuple[str, int]]) -> str:
        return ", ".join(f"{n} (used by {user}, {old_rel}:{line})" for n, (user, line) in sorted(names.items()))

    if needs_old and staying:
        users = ", ".join(f"{n} ({old_rel}:{line})" for n, line in sorted(staying.items()))
        raise MoveRefused(
            f"moving {move.spec} would create an import cycle {move.new} -> {move.old} -> {move.new}: "
            f"the moved code needs {said(needs_old)} which stay, and the code that stays uses {users}",
            hint=f"move {', '.join(sorted(needs_old))} as well, or move the code that uses "
            f"{', '.join(sorted(staying))} too",
        )
    if not (needs_old or staying):
        return
    before = import_graph.build(config) if new_exists else {}
    existed = bool(before) and import_graph.chain(before, move.old, move.new) and import_graph.chain(
        before, move.new, move.old
    )
    if existed:
        return
    after = import_graph.build(config, planned)
    start, goal = (move.old, move.new) if needs_old else (move.new, move.old)
    path = import_graph.chain(after, start, goal)
    if path:
        closing = f"{move.new} -> {move.old}" if needs_old else f"{move.old} -> {move.new}"
        raise MoveRefused(
            f"moving {move.spec} would create an import cycle: {' -> '.join(path)}, and {closing}",
            hint="move the symbols to a module that does not import the old one",
        )


def move_symbols(
    config: ProjectConfig,
    move: SymbolMove,
    style: ImportStyle,
    *,
    shim: bool = True,
    dry_run: bool = False,
    allow_dirty: bool = True,
) -> MoveResult:
    """Move top-level definitions of one module into another and rewrite every reference.

    Raises:
        MoveRefused: a missing module or name, a name clash, an import cycle, a shim target.
        ParseFailed: a file in scope does not parse (nothing was written).
    """
    check_symbol_names(list(move.names), move.old)
    if move.old == move.new:
        raise MoveRefused(f"{move.spec} is already in {move.new}")
    source = locate(config, move.old)
    if source is None:
        raise MoveRefused(
            f"module {move.old!r} not found",
            hint="write the module's dotted name before the colon, e.g. crud:create_item",
        )
    old_text = read_text(source.path)
    old_rel = rel(config, source.path)
    if shim_target(old_text):
        raise MoveRefused(f"{move.old!r} is a shim (it stands for {shim_target(old_text)}); move from there")
    refuse_shim_target(config, move.new)
    target_path, new_exists = _target_path(config, move.new)
    refuse_outside(config, target_path, "NEW")
    _check_target(config, move, target_path, new_exists)
    old_package = symbol_edits.package_of(move.old, source.is_package)
    facts = module_facts(old_text, old_package, old_rel)
    table = symbol_shims.moved_table(old_text) or {}
    if all(name in table and table[name] == move.new for name in move.names) and new_exists:
        return MoveResult(move.spec, move.new, (), (), (), (), (), "", dry_run, noop=True)
    index_of = locate_symbols(facts, list(move.names), move.old, old_rel)
    moved = set(index_of.values())
    name_of = {i: n for n, i in index_of.items()}
    needs_old: dict[str, tuple[str, int]] = {}
    needs_import: dict[str, str] = {}
    file_users: list[str] = []
    for index in sorted(moved):
        for name, line in facts.uses.get(index, {}).items():
            if name == "__file__":
                file_users.append(f"{old_rel}:{line}")
            if name in move.names:
                continue
            if name in facts.defined:
                needs_old.setdefault(name, (name_of[index], line))
            elif name in facts.imports:
                needs_import.setdefault(name, name_of[index])
    if file_users and parent(target_path.as_posix()) != parent(source.path.as_posix()):
        raise MoveRefused(
            f"the moved code reads files relative to its module ({', '.join(file_users)}); "
            f"in {rel(config, target_path)} that path would change",
            hint="move the whole module with its data instead (move OLD NEW --with-data)",
        )
    staying = {
        name: line
        for index, found in facts.uses.items()
        if index not in moved
        for name, line in found.items()
        if name in move.names
    }
    new_package = symbol_edits.package_of(move.new, new_exists and target_path.name == "__init__.py")
    target_text = read_text(target_path) if new_exists else ""
    if new_exists:
        target_facts = module_facts(target_text, new_package, rel(config, target_path))
        clash = sorted(
            n for n in move.names if n in target_facts.defined or (n in target_facts.imports and _not_from(target_facts.imports[n], move.old))
        )
        clash += sorted(
            n for n in needs_import
            if n in target_facts.defined or (n in target_facts.imports and target_facts.imports[n] != facts.imports[n] and _differs(target_facts.imports[n], facts.imports[n]))
        )
        if clash:
            raise MoveRefused(
                f"{rel(config, target_path)} already binds {', '.join(sorted(set(clash)))}",
                hint="rename one of them first, or choose another target module",
            )
    # The new module.
    cut_text, blocks = cut(facts, moved)
    units = []
    type_units = []
    for name in sorted(needs_import):
        binding = facts.imports[name]
        unit = symbol_edits.unit_for(binding, new_package, config.package)
        (type_units if binding.type_only else units).append(unit)
    if needs_old:
        units.append(from_unit(move.old, [(n, None) for n in sorted(needs_old)]))
    if facts.future_annotations:
        units.append(from_unit("__future__", [("annotations", None)]))
    body = "\n\n".join(blocks)
    if new_exists:
        rewritten = planning.compute_one(config, target_path, _renames(move))
        base = import_block.resort(style, target_text, symbol_edits.remove_import_names(style, rewritten, set(move.names)))
        new_text = symbol_edits.add_to_all(base.rstrip() + "\n\n\n" + body, list(move.names))
    else:
        new_text = body
    new_text = import_block.add_imports(style, new_text, units)
    new_text = symbol_edits.add_type_checking(style, new_text, type_units)
    # The old module.
    unused = symbol_edits.unused_after_cut(facts, moved, set())
    old_new = import_block.resort(style, old_text, symbol_edits.remove_import_names(style, cut_text, unused))
    old_new = symbol_edits.remove_from_all(old_new, set(move.names) - set(staying))
    if staying:
        old_new = import_block.add_imports(style, old_new, [from_unit(move.new, [(n, None) for n in sorted(staying)])])
    if shim:
        old_new = symbol_shims.with_block(old_new, {n: move.new for n in move.names})
    if not old_new.strip():
        old_new = ""
    _cycle(config, move, needs_old, staying, old_rel, new_exists, {move.old: old_new, move.new: new_text})
    renames = _renames(move)
    rewrites = planning.compute(config, renames, exclude=frozenset({source.path, target_path}), style=style)
    writes: dict[Path, str] = {p: t for p, t in rewrites.new_texts.items()}
    originals = dict(rewrites.originals)
    writes[source.path] = old_new
    originals[source.path] = old_text
    writes[target_path] = new_text
    originals[target_path] = target_text
    created = {p: "" for p in _new_packages(config, move.new)}
    diffs = [
        (rel(config, p), file_diff(rel(config, p) if originals.get(p) or p.exists() else None, _rel(config, p), originals.get(p, ""), t))
        for p, t in {**writes, **created}.items()
    ]
    changes = transaction.ChangeSet(writes=tuple(sorted({**writes, **created}.items())))
    refuse_dirty(config, list(writes), allow_dirty)
    if not dry_run:
        transaction.apply(config.root, changes, after_commands(config, [*writes, *created]))
    refs = tuple(sorted(set(rewrites.references), key=lambda r: (r.path, r.line, r.message)))
    return MoveResult(
        old=move.spec,
        new=move.new,
        changed_files=tuple(sorted(_rel(config, p) for p in writes if new_exists or p != target_path)),
        moved_files=(),
        created_files=tuple(sorted(_rel(config, p) for p in [*created, *([] if new_exists else [target_path])])),
        shims=(old_rel,) if shim else (),
        references=refs,
        diff=join(diffs),
        dry_run=dry_run,
    )


def _not_from(binding, old: str) -> bool:  # type: ignore[no-untyped-def]
    return binding.module != old


def _differs(a, b) -> bool:  # type: ignore[no-untyped-def]
    return (a.module, a.attr) != (b.module, b.attr)


def _renames(move: SymbolMove) -> Renames:
    return Renames.of({f"{move.old}.{n}": f"{move.new}.{n}" for n in move.names}, symbols=True)


def _rel(config: ProjectConfig, path: Path) -> str:
    return path.relative_to(config.root).as_posix()


def _check_target(config: ProjectConfig, move: SymbolMove, target: Path, exists: bool) -> None:
    if exists:
        return
    folder = module_path(config, move.new)
    if folder.is_dir() and any(p.name != "__pycache__" for p in folder.iterdir()):
        raise MoveRefused(
            f"{_rel(config, folder)} is a folder without __init__.py; {move.new!r} cannot be a module there",
        )
    name = parent(move.new)
    while name and name != config.package:
        file = module_path(config, name).with_suffix(".py")
        if file.exists():
            raise MoveRefused(f"cannot create package {name!r}: module {_rel(config, file)} is in the way")
        name = parent(name)
    init = module_path(config, parent(move.new)) / "__init__.py"
    if init.is_file():
        init_facts = module_facts(read_text(init), parent(move.new), _rel(config, init))
        if last(move.new) in init_facts.defined or last(move.new) in init_facts.imports:
            raise MoveRefused(
                f"{_rel(config, init)} already defines or imports {last(move.new)!r}; a new module "
                f"{move.new!r} would shadow it",
                hint="choose another name for the new module",
            )


def _new_packages(config: ProjectConfig, new: str) -> list[Path]:
    out = []
    name = parent(new)
    while name and within(name, config.package) and name != config.package:
        init = module_path(config, name) / "__init__.py"
        if not init.exists():
            out.append(init)
        name = parent(name)
    return sorted(out)
