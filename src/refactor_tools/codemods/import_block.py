"""A module's top import block in isort/ruff order: add imports, merge them, keep it sorted (pure).

A block is the run of import statements at the top of a module (after the docstring). It is
re-sorted only when it was sorted before by the project's rules; otherwise new statements go
after the last one and nothing else moves, so a file is never reformatted beyond what changed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace

from .import_style import ImportStyle

_CONSTANT = re.compile(r"[A-Z0-9_]+\Z")


@dataclass(frozen=True)
class Unit:
    """One import statement: `import module [as x]` or `from <dots>module import names`."""

    kind: str  # "import" | "from"
    module: str
    level: int = 0
    names: tuple[tuple[str, str | None], ...] = ()
    text: str | None = None  # the original lines, kept verbatim unless the unit changes
    plain: bool = True  # no comment inside: safe to merge and re-render

    @property
    def target(self) -> str:
        """Return the module as written, with its leading dots."""
        return "." * self.level + self.module


def from_unit(module: str, names: list[tuple[str, str | None]], level: int = 0) -> Unit:
    """Return a new `from module import names` statement."""
    return Unit("from", module, level, tuple(names))


def import_unit(module: str, asname: str | None = None) -> Unit:
    """Return a new `import module [as asname]` statement."""
    return Unit("import", module, 0, ((module, asname),))


def _alias(name: str, asname: str | None) -> str:
    return f"{name} as {asname}" if asname and asname != name else name


def _member_key(style: ImportStyle, name: str) -> tuple[int, str, str]:
    kind = 2
    if style.order_by_type:
        if len(name) > 1 and _CONSTANT.match(name):
            kind = 0
        elif name[:1].isupper():
            kind = 1
    return kind, name if style.case_sensitive else name.lower(), name


def sorted_names(style: ImportStyle, names) -> tuple[tuple[str, str | None], ...]:  # type: ignore[no-untyped-def]
    """Return the imported names in the sorter's member order, without duplicates."""
    unique = list(dict.fromkeys(names))
    return tuple(sorted(unique, key=lambda n: (*_member_key(style, n[0]), n[1] or "")))


def unit_key(style: ImportStyle, unit: Unit) -> tuple:  # type: ignore[type-arg]
    """Return the isort/ruff sort key of a statement."""
    section = style.section(unit.module, unit.level)
    module = unit.module if style.case_sensitive else unit.module.lower()
    kind = 0 if unit.kind == "import" else 1
    first = _member_key(style, unit.names[0][0]) if unit.names else (0, "", "")
    if style.force_sort_within_sections:
        return (section, -unit.level, module, unit.module, kind, first)
    return (section, kind, -unit.level, module, unit.module, first)


def render(style: ImportStyle, unit: Unit) -> str:
    """Return the statement as the project's formatter writes it (wrapped when too long)."""
    if unit.text is not None:
        return unit.text
    if unit.kind == "import":
        return "".join(f"import {_alias(n, a)}\n" for n, a in unit.names)
    names = [_alias(n, a) for n, a in unit.names]
    line = f"from {unit.target} import {', '.join(names)}"
    if len(line) <= style.line_length:
        return line + "\n"
    return f"from {unit.target} import (\n" + "".join(f"    {n},\n" for n in names) + ")\n"


@dataclass
class Block:
    """The top import block of a module: its units and the lines it spans (0-based, end excl.)."""

    units: list[Unit]
    start: int
    end: int
    clean: bool  # one statement per line group, no stray comments: safe to rebuild


def _unit_of(node: ast.stmt, text: str) -> Unit | None:
    if isinstance(node, ast.Import):
        names = tuple((a.name, a.asname) for a in node.names)
        return Unit("import", node.names[0].name, 0, names, text, "#" not in text)
    if isinstance(node, ast.ImportFrom):
        names = tuple((a.name, a.asname) for a in node.names)
        return Unit("from", node.module or "", node.level, names, text, "#" not in text)
    return None


def _docstring_end(tree: ast.Module) -> int:
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(
        body[0].value.value, str
    ):
        return body[0].end_lineno or 0
    return 0


def find_block(tree: ast.Module, lines: list[str]) -> Block | None:
    """Return the module's top import block, or None when it has no top-level imports."""
    body = list(tree.body)
    index = 1 if _docstring_end(tree) else 0
    nodes: list[ast.stmt] = []
    while index < len(body) and isinstance(body[index], (ast.Import, ast.ImportFrom)):
        nodes.append(body[index])
        index += 1
    if not nodes:
        return None
    units: list[Unit] = []
    clean = True
    previous_end = nodes[0].lineno - 1
    for node in nodes:
        start, end = node.lineno - 1, node.end_lineno or node.lineno
        if start < previous_end or node.col_offset:
            clean = False  # two statements on one line
        between = lines[previous_end:start]
        if any(line.strip() for line in between):
            clean = False  # a comment line inside the block
        text = "".join(lines[start:end])
        unit = _unit_of(node, text)
        if unit is None or ";" in text.split("#")[0]:
            clean = False
        if unit is not None:
            units.append(unit)
        previous_end = end
    return Block(units, nodes[0].lineno - 1, previous_end, clean)


def is_sorted(style: ImportStyle, block: Block, lines: list[str]) -> bool:
    """Return True when the block is in the sorter's order with one blank line between sections."""
    if not block.clean:
        return False
    keys = [unit_key(style, u) for u in block.units]
    if keys != sorted(keys):
        return False
    for unit in block.units:
        if unit.kind == "from" and unit.names != sorted_names(style, unit.names):
            return False
    return _join(style, block.units) == "".join(lines[block.start : block.end])


def _join(style: ImportStyle, units: list[Unit]) -> str:
    out: list[str] = []
    previous = None
    for unit in units:
        section = style.section(unit.module, unit.level)
        if previous is not None and section != previous:
            out.append("\n")
        out.append(render(style, unit))
        previous = section
    return "".join(out)


def _merge(style: ImportStyle, units: list[Unit], new: Unit) -> list[Unit]:
    """Return units with `new` merged into a same-module `from` statement, or appended."""
    if new.kind == "from":
        have = {(u.target, n) for u in units if u.kind == "from" for n in u.names}
        names = [n for n in new.names if (new.target, n) not in have]
        if not names:
            return units
        if len(names) != len(new.names):
            new = replace(new, names=tuple(names), text=None)
        as_names = [n for n in names if n[1] and n[1] != n[0]]
        plain_names = [n for n in names if n not in as_names]
        if not style.combine_as and as_names:
            units = _merge(style, units, replace(new, names=tuple(plain_names))) if plain_names else units
            for name in as_names:
                units = [*units, Unit("from", new.module, new.level, (name,))]
            return units
        if not style.force_single_line:
            for index, unit in enumerate(units):
                mergeable = unit.kind == "from" and unit.plain and unit.target == new.target
                if mergeable and (style.combine_as or not any(a and a != n for n, a in unit.names)):
                    merged = sorted_names(style, [*unit.names, *new.names])
                    units = list(units)
                    units[index] = Unit("from", unit.module, unit.level, merged)
                    return units
        if style.force_single_line:
            return [*units, *(Unit("from", new.module, new.level, (n,)) for n in sorted_names(style, names))]
        return [*units, replace(new, names=sorted_names(style, names))]
    if any(u.kind == "import" and set(new.names) <= set(u.names) for u in units):
        return units
    return [*units, new]


def _after_gap(tree: ast.Module, end_line: int) -> int:
    """Blank lines the sorter wants after the block: 2 before a def/class, else 1."""
    following = [n for n in tree.body if n.lineno > end_line]
    if not following:
        return 0
    node = following[0]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return 2
    return 1


def add_imports(style: ImportStyle, text: str, new_units: list[Unit]) -> str:
    """Return `text` with `new_units` added to its top import block (sorted when it was)."""
    if not new_units:
        return text
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    block = find_block(tree, lines)
    if block is None:
        at = _docstring_end(tree)
        units: list[Unit] = []
        for unit in new_units:
            units = _merge(style, units, unit)
        body = _join(style, sorted(units, key=lambda u: unit_key(style, u)))
        rest = lines[at:]
        while rest and not rest[0].strip():
            rest = rest[1:]
        head = "".join(lines[:at])
        if head and not head.endswith("\n"):
            head += "\n"
        gap = "\n" * (_after_gap(tree, at) if rest else 0)
        lead = "\n" if head else ""
        return head + lead + body + gap + "".join(rest)
    was_sorted = is_sorted(style, block, lines)
    units = list(block.units)
    for unit in new_units:
        units = _merge(style, units, unit)
    if was_sorted:
        body = _join(style, sorted(units, key=lambda u: unit_key(style, u)))
    else:
        body = _rebuild_unsorted(style, block, units, {id(u) for u in block.units}, lines)
    return "".join(lines[: block.start]) + body + "".join(lines[block.end :])


def _rebuild_unsorted(style: ImportStyle, block: Block, units: list[Unit], old_ids: set[int], lines: list[str]) -> str:
    """Keep an unsorted block as written: merged statements in place, new ones at its end."""
    text = "".join(lines[block.start : block.end])
    for old, new in zip(block.units, units):
        if old is not new and old.text:
            text = text.replace(old.text, render(style, new), 1)
    extra = [u for u in units[len(block.units) :] if id(u) not in old_ids]
    return text + "".join(render(style, u) for u in extra)


def resort(style: ImportStyle, original: str, text: str) -> str:
    """Return `text` with its import block tidied the way the project's sorter would.

    Statements the rewrite changed are rewritten in the sorter's form (wrapped at the line
    length). When `original`'s block was sorted, the new block is sorted too: same-module
    `from` statements merged, one blank line between sections and the usual gap after it.
    """
    try:
        old_tree, new_tree = ast.parse(original), ast.parse(text)
    except SyntaxError:
        return text
    old_lines, lines = original.splitlines(keepends=True), text.splitlines(keepends=True)
    old_block, block = find_block(old_tree, old_lines), find_block(new_tree, lines)
    if block is None or not block.clean:
        return text
    was_sorted = old_block is not None and is_sorted(style, old_block, old_lines)
    known = {u.text for u in old_block.units} if old_block else set()
    units: list[Unit] = []
    for unit in block.units:
        if unit.text not in known and unit.plain:
            names = sorted_names(style, unit.names) if was_sorted and unit.kind == "from" else unit.names
            unit = replace(unit, text=None, names=names)
        elif _too_long(style, unit) and unit.plain:
            unit = replace(unit, text=None)
        into = next(
            (
                i
                for i, u in enumerate(units)
                if was_sorted and u.kind == unit.kind == "from" and u.plain and unit.plain and u.target == unit.target
                and (style.combine_as or not any(a and a != n for n, a in (*u.names, *unit.names)))
                and not style.force_single_line
            ),
            None,
        )
        if into is None:
            units.append(unit)
        else:
            merged = sorted_names(style, [*units[into].names, *unit.names])
            units[into] = Unit("from", unit.module, unit.level, merged)
    if was_sorted:
        body = _join(style, sorted(units, key=lambda u: unit_key(style, u)))
        rest = lines[block.end :]
        while rest and not rest[0].strip():
            rest = rest[1:]
        gap = "\n" * _after_gap(new_tree, block.end) if rest else ""
        return "".join(lines[: block.start]) + body + gap + "".join(rest)
    out = "".join(lines[block.start : block.end])
    for old, new in zip(block.units, units):
        if old.text and new.text is None:
            out = out.replace(old.text, render(style, new), 1)
    return "".join(lines[: block.start]) + out + "".join(lines[block.end :])


def _too_long(style: ImportStyle, unit: Unit) -> bool:
    return any(len(line.rstrip("\r\n")) > style.line_length for line in (unit.text or "").splitlines())
