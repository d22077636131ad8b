"""What a module move carries besides code: the data files its modules read beside themselves.

A read that a move would break is refused with its `path:line` and the data path; a computed
folder put on `sys.path` (a script's own bootstrap) is reported as a note instead.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from ..config import ProjectConfig
from .file_data import DataRead, data_reads
from .results import MoveRefused
from .worker import read_text


@dataclass(frozen=True)
class DataPlan:
    """Extra (source, destination) file moves, the folders they leave, and notes."""

    moves: tuple[tuple[Path, Path], ...] = ()
    folders: tuple[tuple[Path, Path], ...] = ()
    notes: tuple[tuple[Path, int, str], ...] = ()


def _rel(config: ProjectConfig, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def _in_syspath_call(tree: ast.Module, line: int) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"insert", "append"}:
            owner = node.func.value
            if isinstance(owner, ast.Attribute) and owner.attr == "path" and node.lineno <= line <= (node.end_lineno or line):
                return True
    return False


def plan_data(
    config: ProjectConfig, moves: list[tuple[Path, Path]], package_root: Path | None, *, with_data: bool
) -> DataPlan:
    """Return the data to carry for the moved Python files, or refuse.

    Args:
        config: the project.
        moves: the Python files' (old, new) paths.
        package_root: the moved package's folder (its data moves with it already), or None.
        with_data: carry data found beside a moved module.

    Raises:
        MoveRefused: a read the move would break, with its `path:line` and the data path.
    """
    extra: dict[Path, Path] = {}
    folders: dict[Path, Path] = {}
    notes: list[tuple[Path, int, str]] = []
    problems: list[str] = []
    for src, dst in moves:
        if src.suffix != ".py":
            continue
        try:
            tree = ast.parse(read_text(src))
        except (SyntaxError, UnicodeDecodeError, OSError):
            continue
        for read in data_reads(tree):
            _judge(config, src, dst, read, tree, package_root, with_data, extra, folders, notes, problems)
    if problems:
        raise MoveRefused(
            "the move would break reads relative to the moved code: " + "; ".join(sorted(problems)),
            hint="move the data too (--with-data, the default when it sits beside the module), "
            "or make the path independent of the module's location first",
        )
    return DataPlan(tuple(sorted(extra.items())), tuple(sorted(folders.items())), tuple(sorted(notes)))


def _judge(config, src, dst, read: DataRead, tree, package_root, with_data, extra, folders, notes, problems) -> None:  # type: ignore[no-untyped-def]
    where = f"{_rel(config, src)}:{read.line}"
    old_base = src.parent.parents[read.climbs - 1] if read.climbs else src.parent
    new_base = dst.parent.parents[read.climbs - 1] if read.climbs else dst.parent
    if old_base == new_base:
        return
    inside = package_root is not None and old_base.is_relative_to(package_root)
    if read.path is None:
        if _in_syspath_call(tree, read.line):
            notes.append((dst, read.line, f"puts {_rel(config, old_base)} on sys.path from __file__; "
                          f"from the new path it is {_rel(config, new_base)}"))
            return
        if inside and read.climbs == 0:
            return  # the package's own folder moves with it
        problems.append(f"{where} reads relative to {_rel(config, old_base)} (path not written as literals)")
        return
    first = read.path.split("/")[0]
    data = old_base / first
    if inside and data.is_relative_to(package_root):
        return
    if read.climbs or not data.exists():
        problems.append(f"{where} reads {_rel(config, old_base / read.path)}")
        return
    if not with_data:
        problems.append(f"{where} reads {_rel(config, data)}, which stays behind without --with-data")
        return
    target = new_base / first
    if target.exists() and data not in extra:
        problems.append(f"{where} reads {_rel(config, data)}, but {_rel(config, target)} already exists")
        return
    if data.is_dir():
        folders[data] = target
        for file in sorted(p for p in data.rglob("*") if p.is_file()):
            extra[file] = target / file.relative_to(data)
    else:
        extra[data] = target
