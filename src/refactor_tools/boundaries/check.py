"""`check_boundaries`: analyse (see `analysis`), then split the findings against the baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ..config import TABLE, ProjectConfig
from ..errors import ConfigError, UsageError
from . import baseline as baseline_core
from . import store
from .analysis import CACHE_DIR, CACHE_FILE, analyse
from .gitinfo import project_dir
from .model import BoundaryConfig, BoundaryReport
from .settings import SECTION, load_boundaries


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
        cache: read and write the caches under `.refactor-tools/cache` (False: neither).

    Returns:
        The report; `report.ok` is False on new violations, stale entries or guards.

    Raises:
        ConfigError: bad `[tool.refactor-tools.boundaries]`, a pattern or exclude glob
            matching nothing (the hint names a likely move), or an unreadable baseline.
        UsageError: `baseline="ignore"` together with `prune` or `update_baseline`.
    """
    if baseline not in ("use", "ignore"):
        raise UsageError(f"baseline must be 'use' or 'ignore', got {baseline!r}")
    if baseline == "ignore" and (prune or update_baseline):
        raise UsageError("ignoring the baseline cannot be combined with pruning or updating it")
    boundaries = load_boundaries(config)
    found = analyse(config, boundaries, cache)
    warn = boundaries.skipped_files == "warn"
    failing = () if warn else found.guards
    common = {
        "package": tuple(config.packages) if config.packages else config.package,
        "rules": boundaries.rules,
        "module_count": found.module_count,
        "violations": found.violations,
        "baseline_path": boundaries.baseline,
        "warnings": found.guards if warn else (),
        "project_dir": project_dir(config.root),
    }
    if baseline == "ignore":
        return BoundaryReport(
            **common, new=found.violations, baselined=(), stale=(), guards=failing, baseline_used=False
        )
    baseline_file = config.root / boundaries.baseline
    entries, guard_entries = _read_baseline(baseline_file, config, boundaries)
    options = {"prune": prune, "update": update_baseline, "allow_growth": allow_growth}
    outcome = baseline_core.ratchet(found.violations, entries, boundaries.rules, **options)
    guards = baseline_core.ratchet_guards(failing, guard_entries, **options)
    written = False
    if (prune or update_baseline) and (baseline_file.exists() or outcome.entries or guards.entries):
        document = baseline_core.encode(outcome.entries, guards.entries)
        written = store.write_atomic(baseline_file, store.dumps(document))
    return BoundaryReport(
        **common,
        new=outcome.new,
        baselined=outcome.baselined,
        stale=outcome.stale,
        guards=guards.new,
        pruned=outcome.pruned,
        rejected=outcome.rejected,
        refused_growth=outcome.refused_growth,
        baseline_written=written,
        baselined_guards=guards.baselined,
        stale_guards=guards.stale,
        pruned_guards=guards.pruned,
        refused_guards=guards.refused_growth,
    )


def _read_baseline(path: Path, config: ProjectConfig, boundaries: BoundaryConfig):
    if not path.exists():
        return (), ()
    data = store.read_json(path)
    try:
        return baseline_core.decode(data), baseline_core.decode_guards(data)
    except baseline_core.BaselineFormatError as exc:
        raise ConfigError(
            f"baseline file {boundaries.baseline} is not valid: {exc}",
            file=str(config.pyproject),
            key=f"{SECTION}.baseline",
            hint="fix the file, or delete it and run with --update-baseline --allow-growth",
        ) from None


__all__ = ["CACHE_DIR", "CACHE_FILE", "TABLE", "check_boundaries"]
