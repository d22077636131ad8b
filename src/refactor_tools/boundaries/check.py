"""`check_boundaries`: wire the adapters (files, grimp, cache, baseline) to the pure core."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
from pathlib import Path
from typing import Literal

from .. import __version__
from ..config import TABLE, ProjectConfig
from ..errors import ConfigError, UsageError
from . import baseline as baseline_core
from . import codec, engine, scan, store
from .model import BoundaryConfig, BoundaryReport, Graph, Guard, Site, Violation
from .settings import SECTION, load_boundaries

CACHE_DIR = ".refactor-tools/cache"  # ignored by git through its own .gitignore
CACHE_FILE = "boundaries.json"
CACHE_FORMAT = 2


def check_boundaries(
    config: ProjectConfig,
    *,
    baseline: Literal["use", "ignore"] = "use",
    prune: bool = False,
    update_baseline: bool = False,
    allow_growth: bool = False,
    cache: bool = True,
) -> BoundaryReport:
    """Check the project's import rules and compare the violations with the baseline.

    Args:
        config: the project (see `refactor_tools.config.load_config`).
        baseline: "use" the baseline file, or "ignore" it (every violation is new).
        prune: drop stale entries from the baseline file (it shrinks) instead of failing.
        update_baseline: rewrite the baseline from the current violations; new ones are
            only added with `allow_growth`.
        allow_growth: let `update_baseline` add entries.
        cache: read and write the result cache under `.refactor-tools/` (False: neither).

    Returns:
        The report; `report.ok` is False on new violations, stale entries or guards.

    Raises:
        ConfigError: bad `[tool.refactor-tools.boundaries]`, a pattern matching no module,
            the package found outside the configured source, or an unreadable baseline.
        UsageError: `baseline="ignore"` together with `prune` or `update_baseline`.
    """
    if baseline not in ("use", "ignore"):
        raise UsageError(f"baseline must be 'use' or 'ignore', got {baseline!r}")
    if baseline == "ignore" and (prune or update_baseline):
        raise UsageError("ignoring the baseline cannot be combined with pruning or updating it")
    boundaries = load_boundaries(config)
    module_count, violations, guards = _analyse_cached(config, boundaries, cache)
    baseline_file = config.root / boundaries.baseline
    if baseline == "ignore":
        return BoundaryReport(
            package=config.package,
            rules=boundaries.rules,
            module_count=module_count,
            violations=violations,
            new=violations,
            baselined=(),
            stale=(),
            guards=guards,
            baseline_path=boundaries.baseline,
            baseline_used=False,
        )
    entries = _read_baseline(baseline_file, config, boundaries)
    outcome = baseline_core.ratchet(
        violations,
        entries,
        boundaries.rules,
        prune=prune,
        update=update_baseline,
        allow_growth=allow_growth,
    )
    written = False
    if (prune or update_baseline) and (baseline_file.exists() or outcome.entries):
        written = store.write_atomic(baseline_file, store.dumps(baseline_core.encode(outcome.entries)))
    return BoundaryReport(
        package=config.package,
        rules=boundaries.rules,
        module_count=module_count,
        violations=violations,
        new=outcome.new,
        baselined=outcome.baselined,
        stale=outcome.stale,
        guards=guards,
        baseline_path=boundaries.baseline,
        pruned=outcome.pruned,
        rejected=outcome.rejected,
        refused_growth=outcome.refused_growth,
        baseline_written=written,
    )


def _read_baseline(path: Path, config: ProjectConfig, boundaries: BoundaryConfig):
    if not path.exists():
        return ()
    data = store.read_json(path)
    try:
        return baseline_core.decode(data)
    except baseline_core.BaselineFormatError as exc:
        raise ConfigError(
            f"baseline file {boundaries.baseline} is not valid: {exc}",
            file=str(config.pyproject),
            key=f"{SECTION}.baseline",
            hint="fix the file, or delete it and run with --update-baseline --allow-growth",
        ) from None


def _analyse_cached(config: ProjectConfig, boundaries: BoundaryConfig, use_cache: bool):
    """Return (module count, violations, guards), from the cache when no source changed."""
    state = config.root / CACHE_DIR
    cache_path = state / CACHE_FILE
    cached = store.read_json(cache_path) if use_cache else None
    cached = cached if isinstance(cached, dict) and cached.get("format") == CACHE_FORMAT else {}
    memo = cached.get("files") if isinstance(cached.get("files"), dict) else {}
    listed = scan.list_sources(config.root, config.source_dir, config.package_dir)
    sources, memo = scan.digest_sources(listed, memo)
    key = _cache_key(boundaries, sources)
    result = cached.get("result")
    if cached.get("key") == key and isinstance(result, dict):
        try:
            return (
                result["modules"],
                tuple(map(codec.violation_from_row, result["violations"])),
                tuple(codec.guard_from_dict(g) for g in result["guards"]),
            )
        except (KeyError, TypeError, ValueError):
            pass
    module_count, violations, guards = _analyse(config, boundaries, listed, sources, state if use_cache else None)
    if not use_cache:
        return module_count, violations, guards
    payload = {
        "format": CACHE_FORMAT,
        "key": key,
        "files": memo,
        "result": {
            "modules": module_count,
            "violations": [codec.violation_to_row(v) for v in violations],
            "guards": [codec.guard_to_dict(g) for g in guards],
        },
    }
    try:
        store.write_atomic(state / ".gitignore", "# Written by refactor-tools: caches only.\n*\n")
        store.write_atomic(cache_path, json.dumps(payload, sort_keys=True, separators=(",", ":")))
    except OSError:
        pass  # a read-only checkout still gets its answer, just not a cache
    return module_count, violations, guards


def _cache_key(boundaries: BoundaryConfig, sources: list[scan.SourceFile]) -> str:
    digest = hashlib.sha256()
    for part in (__version__, str(CACHE_FORMAT), platform.python_version(), boundaries.fingerprint):
        digest.update(part.encode() + b"\0")
    for source in sources:
        digest.update(f"{source.path}\0{source.digest}\0".encode())
    return digest.hexdigest()


def _analyse(config, boundaries, listed, sources, state):
    from . import grimp_graph  # grimp is only needed when the cache cannot answer

    rel = {module: path for path, _abs, module in listed}
    absolute = {path: abs_path for path, abs_path, _module in listed}
    build_args = (config.source_dir, config.package, config.package_dir, str(config.pyproject))
    guards: list[Guard] = []
    try:
        modules, imports = grimp_graph.build(*build_args, cache_dir=state / "grimp" if state else None)
    except grimp_graph.SourceSyntaxError:
        guards, bad = grimp_graph.syntax_guards(listed)
        modules, imports = grimp_graph.build(*build_args, cache_dir=None, skip_files=bad)
    tc_lines = {}
    for source in sources:
        if source.type_checking and source.module in imports:
            tree = scan.parse(absolute[source.path])
            tc_lines[source.module] = scan.type_checking_lines(tree) if tree else set()
    imports = {
        importer: {
            imported: tuple(Site(s.line, s.line in tc_lines.get(importer, ())) for s in sites)
            for imported, sites in row.items()
        }
        for importer, row in imports.items()
    }
    graph = Graph(package=config.package, modules=modules, files=rel, imports=imports)
    _check_patterns_match(graph, boundaries, str(config.pyproject))
    violations = _with_statements(engine.evaluate(graph, boundaries), config.root)
    guards.extend(scan.skipped_guards(sources, set(modules), config.package_dir.relative_to(config.root), config.root))
    return len(modules), tuple(violations), tuple(sorted(guards))


def _check_patterns_match(graph: Graph, boundaries: BoundaryConfig, pyproject: str) -> None:
    checks = [(f"{SECTION}.exempt[{i}]", p) for i, p in enumerate(boundaries.exempt)]
    for index, rule in enumerate(boundaries.rules):
        key = f"{SECTION}.rules[{index}]"
        checks.append((f"{key}.from", rule.source))
        checks.extend((f"{key}.allow[{i}]", p) for i, p in enumerate(rule.allow))
        checks.extend((f"{key}.forbid[{i}]", p) for i, p in enumerate(rule.forbid))
    for key, pattern in checks:
        if engine.unmatched(graph, pattern):
            raise ConfigError(
                f"pattern {pattern.text!r} matches no module of package {graph.package!r}",
                file=pyproject,
                key=key,
                hint=f"patterns are dotted names relative to {graph.package!r}, e.g. 'shared.**'",
            )


def _with_statements(violations: list[Violation], root: Path) -> list[Violation]:
    """Fill in each violation's whole import statement, reading only the files involved."""
    out = []
    current, lines, parsed = "", [], None
    for violation in sorted(violations):  # by path: one file in memory at a time
        path = violation.path
        if path != current:
            text = (root / path).read_text(encoding="utf-8", errors="replace")
            current, lines, parsed = path, scan.split_lines(text), None
        statement = scan.statement_at(lines, violation.line)
        if statement is None:  # unusual layout (e.g. a backslash continuation): parse the file
            if parsed is None:
                tree = scan.parse(root / path)
                parsed = scan.statements(tree, "\n".join(lines)) if tree else {}
            statement = parsed.get(violation.line, "")
        out.append(dataclasses.replace(violation, statement=statement))
    return sorted(out)


__all__ = ["TABLE", "check_boundaries"]
