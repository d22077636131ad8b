"""Checks of a moved tree: references left to the old path; edits outside imports/strings."""

from __future__ import annotations

import ast
import difflib
from pathlib import Path


def _module(pkg_dir: Path, path: Path) -> tuple[str, bool]:
    parts = [pkg_dir.name, *path.relative_to(pkg_dir).with_suffix("").parts]
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _within(name: str | None, old: str) -> bool:
    return bool(name) and (name == old or name.startswith(old + "."))


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def leftovers(pkg_dir: Path, old: str) -> list[str]:
    """Return `path:line: what` for every import, dotted name or exact string naming `old`."""
    out = []
    for path in sorted(pkg_dir.rglob("*.py")):
        module, is_pkg = _module(pkg_dir, path)
        package = module if is_pkg else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(pkg_dir.parent).as_posix()
        for node in ast.walk(tree):
            hit = None
            if isinstance(node, ast.Import):
                hit = next((a.name for a in node.names if _within(a.name, old)), None)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
                if _within(base, old):
                    hit = f"from {base} import"
                else:
                    hit = next((f"from {base} import {a.name}" for a in node.names if _within(f"{base}.{a.name}", old)), None)
            elif isinstance(node, ast.Attribute):
                name = _dotted(node)
                if name == old:
                    hit = name
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if _within(node.value.partition(":")[0], old):
                    hit = repr(node.value)
            if hit:
                out.append(f"{rel}:{node.lineno}: {hit}")
    return out


def _allowed_lines(text: str) -> set[int]:
    tree = ast.parse(text)
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str)
        ):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def changed_lines_outside_imports_and_strings(
    before_pkg: Path, after_pkg: Path, moves: dict[str, str]
) -> list[str]:
    """Return `path:line` of changed lines that are neither in an import nor a string literal."""
    back = {v: k for k, v in moves.items()}
    out = []
    for path in sorted(after_pkg.rglob("*.py")):
        rel = path.relative_to(after_pkg).as_posix()
        original = before_pkg / back.get(rel, rel)
        if not original.exists():
            continue
        a, b = original.read_text(encoding="utf-8"), path.read_text(encoding="utf-8")
        if a == b:
            continue
        ok_a, ok_b = _allowed_lines(a), _allowed_lines(b)
        matcher = difflib.SequenceMatcher(None, a.splitlines(), b.splitlines(), autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            bad = [i for i in range(i1 + 1, i2 + 1) if i not in ok_a]
            bad += [j for j in range(j1 + 1, j2 + 1) if j not in ok_b]
            if bad:
                out.append(f"{rel}:{bad[0]}")
    return out


def symbol_leftovers(pkg_dir: Path, old: str, names: tuple[str, ...]) -> list[str]:
    """Return `path:line: what` for every import, attribute or exact string naming `old.<name>`."""
    full = {f"{old}.{n}" for n in names} | {f"{old}:{n}" for n in names}
    out = []
    for path in sorted(pkg_dir.rglob("*.py")):
        module, is_pkg = _module(pkg_dir, path)
        package = module if is_pkg else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(pkg_dir.parent).as_posix()
        bound = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
                for alias in node.names:
                    bound[alias.asname or alias.name] = f"{base}.{alias.name}"
                    if f"{base}.{alias.name}" in full:
                        out.append(f"{rel}:{node.lineno}: from {base} import {alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    bound[alias.asname or alias.name.partition(".")[0]] = alias.name if alias.asname else alias.name.partition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                name = _dotted(node)
                if name and "." in name:
                    root, _, rest = name.partition(".")
                    if f"{bound.get(root, root)}.{rest}" in full:
                        out.append(f"{rel}:{node.lineno}: {name}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in full:
                out.append(f"{rel}:{node.lineno}: {node.value!r}")
    return out


_IMPORT_ALL = """
import importlib, json, pkgutil, sys, warnings
warnings.simplefilter("ignore")
import django
from django.conf import settings
settings.configure()  # defaults: modules that read settings at import time import too
django.setup()
failed = []
for info in pkgutil.walk_packages(django.__path__, "django.", onerror=lambda name: failed.append(name)):
    if info.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(info.name)
    except BaseException:
        failed.append(info.name)
print(json.dumps(sorted(set(failed))))
"""


def import_failures(root: Path, python: str) -> set[str]:
    """Return the modules of the `django` package under `root` that fail to import with `python`."""
    import json
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}}
    env["PYTHONPATH"] = str(root)
    done = subprocess.run(
        [python, "-c", _IMPORT_ALL], cwd=root, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("[")]
    return set(json.loads(lines[-1])) if lines else {"<import run failed>"}
