"""Build the import graph from the per-file cache and evaluate the rules (the miss path).

Wires the adapters (listing, hashing, grimp's scanner, git renames for hints) to the pure
core (aliases, engine). The whole result is cached too, keyed by every input, so an
unchanged tree costs a listing, a `stat` per file and one cache read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import platform
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..config import ProjectConfig
from ..errors import ConfigError
from . import codec, engine, hints, incremental, listing, scan, store
from .model import BoundaryConfig, Graph, Guard, Site, Violation
from .patterns import compile_pattern
from .settings import SECTION

CACHE_DIR = ".refactor-tools/cache"  # ignored by git through its own .gitignore
CACHE_FILE = "boundaries.cache"  # file hashes and the last result: all a warm run reads
IMPORTS_FILE = "boundaries-imports.cache"  # each file's imports, read when something changed


@dataclass(frozen=True)
class Analysis:
    """What the rules found: module count, violations (statements filled in) and guards."""

    module_count: int
    violations: tuple[Violation, ...]
    guards: tuple[Guard, ...]


def analyse(config: ProjectConfig, boundaries: BoundaryConfig, use_cache: bool) -> Analysis:
    """Return the analysis of the project, from the caches where the files allow.

    Raises:
        ConfigError: an exclude glob or a rule pattern that matches nothing.
    """
    globs = tuple(listing.compile_glob(text) for text in boundaries.exclude)
    listed, hits = listing.list_package_files(config.root, config.source_dir, config.root_packages, globs)
    _check_excludes(boundaries, hits, str(config.pyproject))
    _check_roots(config)
    state = config.root / CACHE_DIR
    cache_path = state / CACHE_FILE
    cached = incremental.load(cache_path) if use_cache else {}
    states = incremental.file_states(config.root, listed, cached.get("memo", {}))
    key = _result_key(boundaries, listed, states)
    result = cached.get("result")
    if isinstance(result, dict) and result.get("key") == key:
        try:
            return Analysis(
                result["modules"],
                tuple(map(codec.violation_from_row, result["violations"])),
                tuple(codec.guard_from_dict(g) for g in result["guards"]),
            )
        except (KeyError, TypeError, ValueError):
            pass
    roots = {name: config.source_dir / name.replace(".", "/") for name in config.root_packages}
    previous = incremental.load(state / IMPORTS_FILE) if use_cache else {}
    imports, imports_part = incremental.read_imports(config.root, roots, listed, states, previous)
    graph = build_graph(config, listed, imports)
    _check_patterns_match(config, graph, boundaries, imports.aliases)
    found, statements, fresh = _with_statements(
        engine.evaluate(graph, boundaries), config.root, states, previous.get("statements", {})
    )
    violations = tuple(found)
    guards = tuple(sorted(_guards(config.root, listed, imports)))
    analysis = Analysis(len(graph.modules), violations, guards)
    if use_cache:
        result = {
            "key": key,
            "modules": analysis.module_count,
            "violations": [codec.violation_to_row(v) for v in violations],
            "guards": [codec.guard_to_dict(g) for g in guards],
        }
        try:
            store.write_atomic(state / ".gitignore", "# Written by refactor-tools: caches only.\n*\n")
            if imports.scanned or fresh or not previous:
                part = {"format": incremental.FORMAT, **imports_part, "statements": statements}
                store.write_bytes_atomic(state / IMPORTS_FILE, incremental.dump(part))
            document = {"format": incremental.FORMAT, "memo": incremental.memo_of(states), "result": result}
            store.write_bytes_atomic(cache_path, incremental.dump(document))
        except OSError:
            pass  # a read-only checkout still gets its answer, just not a cache
    return analysis


def build_graph(config: ProjectConfig, listed: list[listing.Listed], imports: incremental.Imports) -> Graph:
    """Return the graph of the analysed modules, with every alias replaced by its module."""
    aliases = imports.aliases
    files = {item.module: item.path for item in listed if item.module and not item.excluded and item.module not in aliases}
    graph_imports: dict[str, dict[str, tuple[Site, ...]]] = {}
    for importer, rows in imports.rows.items():
        if importer not in files:
            continue  # a shim: an alias, not code
        row: dict[str, list[Site]] = {}
        aliased = False
        for imported, line, type_checking in rows:  # sorted by (imported, line)
            target = aliases.get(imported)
            if target is None:
                target = imported
            else:
                aliased = True
            if target != importer:
                row.setdefault(target, []).append(Site(line, type_checking))
        if not row:
            continue
        if aliased:  # an alias and its module may share lines or interleave: normalise
            row = {name: sorted(set(sites)) for name, sites in sorted(row.items())}
        graph_imports[importer] = {name: tuple(sites) for name, sites in row.items()}
    packages = config.root_packages
    single = None if config.packages else packages[0]
    return Graph(
        package=", ".join(packages),
        modules=tuple(sorted(files)),
        files=files,
        imports=graph_imports,
        root=single,
    )


def _result_key(boundaries: BoundaryConfig, listed, states) -> str:
    digest = hashlib.sha256()
    for part in (__version__, str(incremental.FORMAT), platform.python_version(), boundaries.fingerprint):
        digest.update(part.encode() + b"\0")
    for item in listed:
        state = states.get(item.path)
        digest.update(f"{item.path}\0{item.module}\0{item.reason}\0{item.excluded}\0{state.digest if state else ''}\n".encode())
    return digest.hexdigest()


def _check_excludes(boundaries: BoundaryConfig, hits: list[int], pyproject: str) -> None:
    for index, (text, count) in enumerate(zip(boundaries.exclude, hits)):
        if not count:
            raise ConfigError(
                f"exclude glob {text!r} matches no .py file of the root packages",
                file=pyproject,
                key=f"{SECTION}.exclude[{index}]",
                hint="globs are paths relative to the project or to a root package's folder, e.g. 'alembic/**'",
            )


def _check_roots(config: ProjectConfig) -> None:
    for name in config.root_packages:
        folder = config.source_dir / name.replace(".", "/")
        if not (folder / "__init__.py").is_file():
            raise ConfigError(
                f"root package {name!r} at {folder.relative_to(config.root).as_posix()} has no __init__.py",
                file=str(config.pyproject),
                key="tool.refactor-tools.package",
                hint="add an empty __init__.py to make it a regular package, or name the package folder below it",
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
