"""Text edits of a symbol move on the old and the new module (pure, `ast` + line edits)."""

from __future__ import annotations

import ast
from dataclasses import replace

from . import import_block
from .import_block import Unit, from_unit, import_unit
from .import_style import ImportStyle
from .names import parent, relative_form, within
from .symbols import ImportBinding, ModuleFacts


def _common(a: str, b: str) -> str:
    out = []
    for x, y in zip(a.split("."), b.split(".")):
        if x != y:
            break
        out.append(x)
    return ".".join(out)


def unit_for(binding: ImportBinding, new_package: str, root_package: str) -> Unit:
    """Return the import statement the new module needs for a name the old module imported."""
    if binding.attr is None:
        module = binding.written_module or binding.module
        asname = binding.name if binding.name != module.partition(".")[0] else None
        return import_unit(module, asname)
    names = [(binding.attr, binding.name if binding.name != binding.attr else None)]
    if binding.level and within(binding.module, root_package):
        anchor = _common(new_package, binding.module)
        form = relative_form(new_package, anchor, binding.module) if anchor else None
        if form is not None:
            level, module = form
            return Unit("from", module or "", level, tuple(names))
    return from_unit(binding.module, names)


def type_checking_block(units: list[Unit], style: ImportStyle) -> str:
    """Return an `if TYPE_CHECKING:` block holding `units`."""
    ordered = sorted(units, key=lambda u: import_block.unit_key(style, u))
    inner = "".join(import_block.render(replace(style, line_length=style.line_length - 4), u) for u in ordered)
    return "if TYPE_CHECKING:\n" + "".join(f"    {line}" if line.strip() else line for line in inner.splitlines(True))


def add_type_checking(style: ImportStyle, text: str, units: list[Unit]) -> str:
    """Return `text` with `units` imported under `if TYPE_CHECKING:` after the import block."""
    if not units:
        return text
    text = import_block.add_imports(style, text, [from_unit("typing", [("TYPE_CHECKING", None)])])
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            end = node.end_lineno or node.lineno
            have = "".join(lines[node.lineno - 1 : end])
            extra = type_checking_block(units, style).split("\n", 1)[1]
            extra = "".join(line for line in extra.splitlines(True) if line.strip() not in have)
            return "".join(lines[:end]) + extra + "".join(lines[end:])
    block = find_end_of_imports(tree)
    head, rest = "".join(lines[:block]), lines[block:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    gap = "\n\n" if rest and isinstance(_first_after(tree, block), (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else "\n"
    return head + "\n" + type_checking_block(units, style) + (gap if rest else "") + "".join(rest)


def _first_after(tree: ast.Module, line: int) -> ast.stmt | None:
    return next((n for n in tree.body if n.lineno > line), None)


def find_end_of_imports(tree: ast.Module) -> int:
    """Return the last line of the top import block (0 when there is none)."""
    end = 0
    for index, node in enumerate(tree.body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            end = node.end_lineno or 0
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            end = node.end_lineno or node.lineno
            continue
        break
    return end


def remove_import_names(style: ImportStyle, text: str, names: set[str]) -> str:
    """Return `text` without the top-level import aliases that bind `names`.

    A statement left empty is deleted; an `if TYPE_CHECKING:` block left empty too.
    """
    if not names:
        return text
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []
    for node in tree.body:
        inner = [node]
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            inner = list(node.body)
            kept = [s for s in inner if not _drops_all(s, names)]
            if not kept and not node.orelse:
                edits.append((node.lineno - 1, node.end_lineno or node.lineno, ""))
                continue
        for stmt in inner:
            if not isinstance(stmt, (ast.Import, ast.ImportFrom)):
                continue
            bound = [(a, (a.asname or a.name).partition(".")[0] if isinstance(stmt, ast.Import) else (a.asname or a.name)) for a in stmt.names]
            drop = [a for a, name in bound if name in names]
            if not drop:
                continue
            start, end = stmt.lineno - 1, stmt.end_lineno or stmt.lineno
            if len(drop) == len(bound):
                edits.append((start, end, ""))
                continue
            original = "".join(lines[start:end])
            indent = " " * stmt.col_offset
            keep = tuple((a.name, a.asname) for a in stmt.names if a not in drop)
            if isinstance(stmt, ast.Import):
                unit = Unit("import", keep[0][0], 0, keep)
            else:
                unit = Unit("from", stmt.module or "", stmt.level, keep)
            comment = original.rstrip().rpartition("#")[2] if "#" in original.splitlines()[-1] else ""
            rendered = import_block.render(replace(style, line_length=style.line_length - len(indent)), unit)
            rendered = "".join(indent + line for line in rendered.splitlines(True))
            if comment and "\n" == rendered[-1] and rendered.count("\n") == 1:
                rendered = rendered[:-1] + f"  #{comment}\n"
            edits.append((start, end, rendered))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = [new] if new else []
    return "".join(lines)


def _drops_all(stmt: ast.stmt, names: set[str]) -> bool:
    if not isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return False
    bound = [(a.asname or a.name).partition(".")[0] if isinstance(stmt, ast.Import) else (a.asname or a.name) for a in stmt.names]
    return all(b in names for b in bound)


def unused_after_cut(facts: ModuleFacts, moved: set[int], staying_text_uses: set[str]) -> set[str]:
    """Return names the old module imported only for the moved statements."""
    moved_uses = {n for i in moved for n in facts.uses.get(i, {})}
    staying = {n for i, found in facts.uses.items() if i not in moved for n in found}
    exported = set(facts.all_names or ())
    return {
        n
        for n in moved_uses
        if n in facts.imports and n not in staying and n not in exported and n not in staying_text_uses
    }


def remove_from_all(text: str, names: set[str]) -> str:
    """Return `text` with `names` dropped from a top-level `__all__` list or tuple."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)):
            continue
        if not isinstance(node.value, (ast.List, ast.Tuple)):
            continue
        for element in sorted(node.value.elts, key=lambda e: (e.lineno, e.col_offset), reverse=True):
            if isinstance(element, ast.Constant) and element.value in names:
                row = element.lineno - 1
                line = lines[row]
                start, end = element.col_offset, element.end_col_offset or element.col_offset
                tail = line[end:]
                stripped = tail.lstrip()
                if stripped.startswith(","):
                    tail = stripped[1:]
                    tail = tail[1:] if tail.startswith(" ") else tail
                elif line[:start].rstrip().endswith(","):
                    start = len(line[:start].rstrip()) - 1
                new = line[:start] + tail
                lines[row] = "" if not new.strip() else new
    return "".join(lines)


def package_of(module: str, is_package: bool) -> str:
    """Return the package relative imports of `module` resolve against."""
    return module if is_package else parent(module)


def add_to_all(text: str, names: list[str]) -> str:
    """Return `text` with `names` appended to a top-level `__all__` list or tuple, if it has one."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)):
            continue
        value = node.value
        if not isinstance(value, (ast.List, ast.Tuple)) or not value.elts:
            return text
        have = {e.value for e in value.elts if isinstance(e, ast.Constant)}
        extra = [n for n in names if n not in have]
        if not extra:
            return text
        last = value.elts[-1]
        close_row = (value.end_lineno or 1) - 1
        if close_row > (last.end_lineno or 1) - 1:  # one entry per line, closing bracket alone
            indent = lines[last.lineno - 1][: last.col_offset]
            row = (last.end_lineno or 1) - 1
            if not lines[row].rstrip().endswith(","):
                lines[row] = lines[row].rstrip("\r\n") + ",\n"
            lines[close_row:close_row] = [f'{indent}"{n}",\n' for n in extra]
        else:
            row, col = (last.end_lineno or 1) - 1, last.end_col_offset or 0
            added = "".join(f', "{n}"' for n in extra)
            lines[row] = lines[row][:col] + added + lines[row][col:]
        return "".join(lines)
    return text
