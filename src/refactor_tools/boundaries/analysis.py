"""Analyse a project: list and hash its files, answer from the caches when nothing changed.

An unchanged tree costs a listing, a `stat` per file and one small cache read; otherwise
`rebuild` reads the changed files and evaluates the rules. The whole result is cached,
keyed by every input (tool version, configuration, every file's path and hash).
"""

from __future__ import annotations

import hashlib
import platform
from dataclasses import dataclass

from .. import __version__
from ..config import ProjectConfig
from ..errors import ConfigError
from . import codec, incremental, listing, store
from .model import BoundaryConfig, Guard, Violation
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
    from .rebuild import rebuild  # the miss path: imports, graph, rules, statements

    previous = incremental.load(state / IMPORTS_FILE) if use_cache else {}
    module_count, violations, guards, imports, statements, fresh = rebuild(config, boundaries, listed, states, previous)
    imports_part = imports.cache_part
    analysis = Analysis(module_count, violations, guards)
    if use_cache:
        result = {
            "key": key,
            "modules": analysis.module_count,
            "violations": [codec.violation_to_row(v) for v in violations],
            "guards": [codec.guard_to_dict(g) for g in guards],
        }
        try:
            store.write_atomic(state / ".gitignore", "# Written by refactor-tools: caches only.\n*\n")
            checked = imports.cache_part.get("patterns_checked") != previous.get("patterns_checked")
            if imports.scanned or fresh or checked or not previous:
                part = {"format": incremental.FORMAT, **imports_part, "statements": statements}
                store.write_bytes_atomic(state / IMPORTS_FILE, incremental.dump(part))
            document = {"format": incremental.FORMAT, "memo": incremental.memo_of(states), "result": result}
            store.write_bytes_atomic(cache_path, incremental.dump(document))
        except OSError:
            pass  # a read-only checkout still gets its answer, just not a cache
    return analysis


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
