"""The miss path: read what changed, build the graph, evaluate the rules, fill statements.

Wires the adapters (grimp's scanner through `incremental`, git renames for hints) to the pure
core (aliases, engine, hints).
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from ..config import ProjectConfig
from ..errors import ConfigError
from . import engine, hints, incremental, listing, scan
from .model import BoundaryConfig, Graph, Guard, Site, Violation
from .patterns import compile_pattern
from .settings import SECTION


def rebuild(config: ProjectConfig, boundaries: BoundaryConfig, listed, states, previous: dict):
    """Return (module count, violations, guards, imports, statements to keep, statements read).

    Raises:
        ConfigError: a rule pattern that matches nothing (the hint names the likely move).
    """
    roots = {name: config.source_dir / name.replace(".", "/") for name in config.root_packages}
    imports = incremental.read_imports(config.root, roots, listed, states, previous)
    graph = build_graph(config, listed, imports)
    # Which modules a pattern matches depends only on the configuration and the module names:
    # an edit inside files changes neither, and needs no new check.
    checked = hashlib.blake2b(
        "\0".join((boundaries.fingerprint, *graph.modules)).encode(), digest_size=16
    ).hexdigest()
    if previous.get("patterns_checked") != checked:
        _check_patterns_match(config, graph, boundaries, imports.aliases)
    imports.cache_part["patterns_checked"] = checked
    found, statements, fresh = _with_statements(
        engine.evaluate(graph, boundaries), config.root, states, previous.get("statements", {})
    )
    guards = tuple(sorted(_guards(config.root, listed, imports)))
    return len(graph.modules), tuple(found), guards, imports, statements, fresh


def build_graph(config: ProjectConfig, listed: list[listing.Listed], imports: incremental.Imports) -> Graph:
    """Return the graph of the analysed modules, with every alias replaced by its module."""
    aliases = imports.aliases
    files = {item.module: item.path for item in listed if item.module and not item.excluded and item.module not in aliases}
    graph_imports: dict[str, dict[str, tuple[Site, ...]]] = {}
    for importer, found in imports.rows.items():
        if importer not in files or not found:
            continue  # a shim is an alias, not code
        if aliases and any(name in aliases for name in found):
            merged: dict[str, set[Site]] = {}
            for name, sites in found.items():
                target = aliases.get(name, name)
                if target != importer:
                    merged.setdefault(target, set()).update(sites)
            found = {name: tuple(sorted(sites)) for name, sites in sorted(merged.items())}
        if found:
            graph_imports[importer] = found
    packages = config.root_packages
    single = None if config.packages else packages[0]
    return Graph(
        package=", ".join(packages),
        modules=tuple(sorted(files)),
        files=files,
        imports=graph_imports,
        root=single,
    )


def _check_patterns_match(config: ProjectConfig, graph: Graph, boundaries: BoundaryConfig, aliases) -> None:
    checks = [(f"{SECTION}.exempt[{i}]", p) for i, p in enumerate(boundaries.exempt)]
    for index, rule in enumerate(boundaries.rules):
        key = f"{SECTION}.rules[{index}]"
        checks.append((f"{key}.from", rule.source))
        checks.extend((f"{key}.allow[{i}]", p) for i, p in enumerate(rule.allow))
        checks.extend((f"{key}.forbid[{i}]", p) for i, p in enumerate(rule.forbid))
    for key, pattern in checks:
        if not engine.unmatched(graph, pattern):
            continue
        hint = _full_name_hint(graph, pattern, config.root_packages)
        hint = hint or hints.likely_move(pattern, graph.root, graph.modules, aliases, {})
        if hint is None:
            renames = _git_renames(config)
            hint = hints.likely_move(pattern, graph.root, graph.modules, aliases, renames) if renames else None
        where = f"package {graph.root!r}" if graph.root else f"packages {graph.package}"
        default = (
            f"patterns are dotted names relative to {graph.root!r}, e.g. 'shared.**'"
            if graph.root
            else f"with several root packages, patterns name modules in full, e.g. '{config.root_packages[0]}.**'"
        )
        raise ConfigError(
            f"pattern {pattern.text!r} matches no module of {where}",
            file=str(config.pyproject),
            key=key,
            hint=hint or default,
        )


def _full_name_hint(graph: Graph, pattern, packages: tuple[str, ...]) -> str | None:
    """With several root packages, say so when a pattern written relative to one would match."""
    if graph.root is not None:
        return None
    for package in packages:
        full = compile_pattern(f"{package}.{pattern.text}")
        if not engine.unmatched(graph, full):
            return f"with several root packages, patterns name modules in full: write {full.text!r}"
    return None


def _git_renames(config: ProjectConfig) -> dict[str, str]:
    """Return old module -> new module for files git saw renamed (newest first wins)."""
    from .gitinfo import renamed_files

    renames: dict[str, str] = {}
    for old, new in renamed_files(config.root):
        old_module, new_module = _module_of(config, old), _module_of(config, new)
        if old_module and new_module and old_module not in renames:
            renames[old_module] = new_module
    return renames


def _module_of(config: ProjectConfig, path: Path) -> str | None:
    try:
        rel = path.relative_to(config.source_dir.resolve())
    except ValueError:
        return None
    if rel.suffix != ".py":
        return None
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    name = ".".join(parts)
    return name if any(name == p or name.startswith(p + ".") for p in config.root_packages) else None


def _guards(root: Path, listed: list[listing.Listed], imports: incremental.Imports) -> list[Guard]:
    guards = [
        Guard(path=item.path, line=1, kind="skipped-file", message=f"not in the import graph: {item.reason}")
        for item in listed
        if item.reason and not item.excluded
    ]
    for path in imports.broken.values():
        guard = scan.syntax_error(root / path, path)
        guards.append(guard or Guard(path, 1, "syntax-error", "the import scanner could not parse this file"))
    return guards


def _with_statements(
    violations: list[Violation], root: Path, states: dict, known: dict[str, tuple]
) -> tuple[list[Violation], dict[str, tuple], bool]:
    """Fill in each violation's whole import statement.

    Statements are kept per file with its content hash (`known`: path -> (digest, {line:
    statement})), so only files that changed are read again. Returns the violations, the
    statements to keep and whether anything new was read.
    """
    out = []
    kept: dict[str, tuple] = {}
    fresh = False
    current, lines, parsed, table = "", None, None, {}
    for violation in sorted(violations):  # by path: one file in memory at a time
        path = violation.path
        if path != current:
            digest = states[path].digest if path in states else ""
            entry = known.get(path)
            table = dict(entry[1]) if entry and entry[0] == digest else {}
            kept[path] = (digest, table)
            current, lines, parsed = path, None, None
        statement = table.get(violation.line)
        if statement is None:
            fresh = True
            if lines is None:
                text = (root / path).read_text(encoding="utf-8", errors="replace")
                lines = scan.split_lines(text)
            statement = scan.statement_at(lines, violation.line)
            if statement is None:  # unusual layout (e.g. a backslash continuation): parse the file
                if parsed is None:
                    tree = scan.parse(root / path)
                    parsed = scan.statements(tree, "\n".join(lines)) if tree else {}
                statement = parsed.get(violation.line, "")
            table[violation.line] = statement
        out.append(dataclasses.replace(violation, statement=statement))
    return sorted(out), kept, fresh
