"""Gates: the checks that must hold after a task, each returning a GateResult.

Public API:
    GateResult(name, ok, summary, details=(), duration=0.0, metrics={})
    register_gate(name)                   decorator: `fn(config, mode, baseline) -> GateResult`
    run_gate(name, config, mode, baseline)
    tests_gate / specs_gate / boundaries_gate   the built-in gates
    run_pytest(config, extra=(), app_source=None) -> PytestRun
    factory_available(config) -> bool     the configured `[tool.refactor-tools.app] factory`
                                          module file exists (then tests run for both sources)

`tests`: `python -m pytest -n auto -q -p no:cacheprovider` (override with
`[tool.refactor-tools.driver] pytest-args = [...]`) in the project root with this interpreter,
without writing bytecode; once the factory exists, once with `--app-source legacy` and once
with `--app-source factory` (or only the sources listed in `driver.app-sources`). `specs`: `refactor_tools.specs.diff_specs(config, baseline)`;
`identical` accepts only `info` findings, `no-breaking` rejects breaking/unclassified ones.
`boundaries`: `refactor_tools.boundaries.check_boundaries(config, prune=True)`; `no-new`
accepts the recorded baseline, `strict` wants zero violations and an empty baseline.

`GateResult.metrics` (also in `run --format json`): tests -> {"runs": [{"source", "returncode",
"passed", "failed", ...}]}; specs -> {"verdict", "counts"}; boundaries -> {"new", "known",
"violations"}.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from ..config import ProjectConfig
from ..errors import ConfigError

DEFAULT_PYTEST_ARGS = ("-n", "auto", "-q", "-p", "no:cacheprovider")
_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected)")
_DROP_ENV = ("PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT",
             "PYTEST_XDIST_TESTRUNUID", "PYTEST_XDIST_AUTO_NUM_WORKERS", "PYTEST_PLUGINS")


@dataclass(frozen=True)
class GateResult:
    """One gate's verdict after a task."""

    name: str
    ok: bool
    summary: str
    details: tuple[str, ...] = ()
    duration: float = 0.0
    metrics: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PytestRun:
    """One pytest subprocess: exit code, counts from its summary line, and its output."""

    source: str | None
    returncode: int
    counts: dict[str, int]
    output: str

    @property
    def ok(self) -> bool:
        """Return True when pytest passed and ran at least one test."""
        return self.returncode == 0 and self.counts.get("passed", 0) > 0

    def describe(self) -> str:
        """Return e.g. '12 passed, 1 failed' (or why nothing ran)."""
        if not self.counts:
            return f"pytest exited {self.returncode} without a summary"
        return ", ".join(f"{n} {k}" for k, n in self.counts.items())


GateFn = Callable[[ProjectConfig, Any, str], GateResult]
_GATES: dict[str, GateFn] = {}


def register_gate(name: str) -> Callable[[GateFn], GateFn]:
    """Register `fn(config, mode, baseline) -> GateResult` under a gate name."""

    def decorate(fn: GateFn) -> GateFn:
        _GATES[name] = fn
        return fn

    return decorate


def run_gate(name: str, config: ProjectConfig, mode: Any, baseline: str) -> GateResult:
    """Run one gate, timing it; exceptions of the checked project become a failed gate."""
    from ..errors import RefactorToolsError

    start = time.perf_counter()
    try:
        result = _GATES[name](config, mode, baseline)
    except RefactorToolsError as exc:
        result = GateResult(name, False, f"could not run: {exc.message}", (exc.render(),))
    duration = time.perf_counter() - start
    return GateResult(result.name, result.ok, result.summary, result.details, round(duration, 3), result.metrics)


def parse_counts(output: str) -> dict[str, int]:
    """Return the counts of pytest's last summary line, keyed by outcome, in output order."""
    for line in reversed(output.splitlines()):
        found = _COUNT.findall(line)
        if found and (" in " in line or line.startswith("=")):
            counts: dict[str, int] = {}
            for number, word in found:
                key = {"error": "errors"}.get(word, word)
                counts[key] = counts.get(key, 0) + int(number)
            return counts
    return {}


def pytest_env() -> dict[str, str]:
    """Return the environment for the project's pytest: no bytecode, no inherited pytest state."""
    env = {k: v for k, v in os.environ.items() if k not in _DROP_ENV and not k.startswith("PYTEST_XDIST")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_pytest(config: ProjectConfig, extra: tuple[str, ...] = (), app_source: str | None = None) -> PytestRun:
    """Run the project's test suite in a subprocess and parse its summary."""
    args = config.section("driver").get("pytest-args", list(DEFAULT_PYTEST_ARGS))
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise ConfigError(
            f"'pytest-args' must be a list of strings, got {args!r}",
            file=str(config.pyproject),
            key="tool.refactor-tools.driver.pytest-args",
        )
    command = [sys.executable, "-m", "pytest", *args, "-rfE", *extra]
    if app_source:
        command += ["--app-source", app_source]
    proc = subprocess.run(
        command, cwd=config.root, env=pytest_env(), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, check=False,
    )
    return PytestRun(app_source, proc.returncode, parse_counts(proc.stdout), proc.stdout)


def factory_available(config: ProjectConfig) -> bool:
    """Return True when `[tool.refactor-tools.app] factory` names a module file that exists."""
    factory = config.section("app").get("factory")
    if not isinstance(factory, str) or ":" not in factory:
        return False
    module = factory.split(":", 1)[0].replace(".", "/")
    base = config.source_dir / module
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _app_sources(config: ProjectConfig) -> tuple[str, ...]:
    """Return the app sources to test once the factory exists (`driver.app-sources`)."""
    value = config.section("driver").get("app-sources", ["legacy", "factory"])
    if not isinstance(value, list) or not value or not set(value) <= {"legacy", "factory"} or len(set(value)) != len(value):
        raise ConfigError(
            f"'app-sources' must list 'legacy' and/or 'factory' once each, got {value!r}",
            file=str(config.pyproject),
            key="tool.refactor-tools.driver.app-sources",
        )
    return tuple(value)


def _failure_lines(run: PytestRun) -> list[str]:
    lines = [line for line in run.output.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    if not lines:
        lines = run.output.strip().splitlines()[-15:]
    prefix = f"[{run.source}] " if run.source else ""
    return [prefix + line for line in lines]


@register_gate("tests")
def tests_gate(config: ProjectConfig, mode: Any, baseline: str) -> GateResult:
    """Run the project's tests (for both app sources once the factory exists)."""
    sources: tuple[str | None, ...] = (None,)
    if factory_available(config) and config.section("app"):
        sources = _app_sources(config)
    runs = [run_pytest(config, app_source=source) for source in sources]
    summary = ", ".join(f"{r.describe()}" + (f" ({r.source})" if r.source else "") for r in runs)
    details: list[str] = []
    for run in runs:
        if not run.ok:
            details += _failure_lines(run)
            if run.returncode == 5 or not run.counts.get("passed"):
                details.append(f"[{run.source or 'tests'}] no test passed (pytest exit {run.returncode})")
    metrics = {"runs": [{"source": r.source, "returncode": r.returncode, **r.counts} for r in runs]}
    return GateResult("tests", all(r.ok for r in runs), summary, tuple(details), metrics=metrics)


@register_gate("specs")
def specs_gate(config: ProjectConfig, mode: Any, baseline: str) -> GateResult:
    """Compare both specs with the baseline ref."""
    from ..specs import diff_specs

    diff = diff_specs(config, baseline)
    findings = sorted(diff.findings)
    if mode == "identical":
        bad = [f for f in findings if f.severity != "info"]
    else:
        bad = [f for f in findings if f.severity in ("breaking", "unclassified")]
    details = tuple(f"{f.kind} {f.location}: [{f.rule}] {f.severity}: {f.message}" for f in bad[:50])
    summary = f"{diff.verdict} vs {baseline}"
    if bad:
        summary += f" ({len(bad)} finding(s) not allowed by '{mode}')"
    return GateResult("specs", not bad, summary, details, metrics={"verdict": diff.verdict, "counts": diff.counts()})


def _violation(v: Any) -> str:
    return f"{v.path}:{v.line}: [{v.rule}] {v.importer} -> {v.imported}"


@register_gate("boundaries")
def boundaries_gate(config: ProjectConfig, mode: Any, baseline: str) -> GateResult:
    """Check the import boundaries: no new violations, or none at all (and no baseline) when strict."""
    from ..boundaries import check_boundaries

    report = check_boundaries(config, prune=True)
    known = len(report.baselined)
    details = [f"new: {_violation(v)}" for v in report.new]
    details += [f"not analysed: {g.path}:{g.line}: {g.kind}: {g.message}" for g in report.guards]
    details += [f"stale baseline entry: {e}" for e in report.stale]
    ok = report.ok
    if mode == "strict":
        details += [f"baselined (strict forbids it): {_violation(v)}" for v in report.baselined]
        ok = ok and not report.violations
        summary = f"{len(report.violations)} violation(s), {known} in the baseline (strict)"
    else:
        summary = f"{len(report.new)} new, {known} known violation(s)"
    if report.pruned:
        summary += f", {len(report.pruned)} fixed entr{'y' if len(report.pruned) == 1 else 'ies'} pruned"
    if report.guards:
        summary += f", {len(report.guards)} file(s) not analysed"
    metrics = {"new": len(report.new), "known": known, "violations": len(report.violations)}
    return GateResult("boundaries", ok, summary, tuple(details[:50]), metrics=metrics)
