"""Gates: the checks that must hold after a task, each returning a GateResult.

Public API:
    GateResult(name, ok, summary, details=(), duration=0.0, metrics={})
    register_gate(name)                 decorator: `fn(config, mode, baseline) -> GateResult`
    run_gate(name, config, mode, baseline, prefetch=None)
    SpecsPrefetch(config)               (in `beside`) one task's specs generation, overlapped with its suite
    run_tests_stage(config, baseline, before_suite=None) -> GateResult
    gate_steps(config, modes, baseline) -> list[(name, run)]   one task's gates, in order
    factory_available(config) -> bool   the configured `[tool.refactor-tools.app] factory` exists

A task's gates, in order (stopping at the first failure is the runner's job): the
`before-tests` command gates, `tests`, the `with-tests` command gates (run one after another in
a thread while the suite runs, reported after it; run again after it when the suite changed the
tree), `coverage` (when `[tool.refactor-tools.gates.coverage]` is set), `specs`, `boundaries`,
then the `gate` command gates. Command gates and coverage belong to the tests stage: they run
when the task's `tests` gate is on. Every gate runs with
the project's environment (`env-file`, `env`) and a time bound (`driver.timeout`); a tests or
command gate whose inputs are those of an earlier green run is skipped and says so
(`driver.skip-unchanged`). `testgate` runs the project's tools; `gatecfg` reads the keys.

`specs`: `refactor_tools.specs.diff_specs(config, baseline)`, both sides generated with the
project's environment and `[specs] env` over it; `identical` accepts only `info`
findings, `no-breaking` rejects breaking/unclassified ones. `boundaries`:
`refactor_tools.boundaries.check_boundaries(config, prune=True)`; `no-new` accepts the
recorded baseline, `strict` wants zero violations and an empty baseline.

`GateResult.metrics` (also in `run --format json`): tests -> {"runs": [{"source", "returncode",
"passed", "failed", ...}], "command", "coverage"}; coverage -> {"coverage", "baseline"};
specs -> {"verdict", "counts"} (+ "overlapped" when a prefetch was offered); boundaries -> {"new", "known", "violations"};
command gates -> {"returncode"}; a skipped gate adds {"skipped": true}.

`GateResult.findings` (recorded per task by `taskrecords`, shown by the report page; not part
of `run`'s output): JSON-ready dicts with a `kind` — `test` (a failing test with its reason),
`run` (a suite that gave no results), `coverage`, `command`, `spec`, `boundary`, `error`.
`GateResult.steps`: the timed steps of the tests stage (commands, suite, coverage).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable

from ..config import ProjectConfig
from ..errors import RefactorToolsError

if TYPE_CHECKING:
    from .beside import SpecsPrefetch


@dataclass(frozen=True)
class GateResult:
    """One gate's verdict after a task."""

    name: str
    ok: bool
    summary: str
    details: tuple[str, ...] = ()
    duration: float = 0.0
    metrics: dict[str, Any] = field(default_factory=dict, compare=False)
    findings: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    steps: tuple["GateResult", ...] = field(default=(), compare=False)


MAX_FINDINGS = 200  # per gate: what a task record keeps (the counts are in the metrics)
GateFn = Callable[[ProjectConfig, Any, str], GateResult]
_GATES: dict[str, GateFn] = {}


def register_gate(name: str) -> Callable[[GateFn], GateFn]:
    """Register `fn(config, mode, baseline) -> GateResult` under a gate name."""

    def decorate(fn: GateFn) -> GateFn:
        _GATES[name] = fn
        return fn

    return decorate


def _timed(name: str, fn: Callable[[], GateResult]) -> GateResult:
    start = time.perf_counter()
    try:
        result = fn()
    except RefactorToolsError as exc:
        result = GateResult(name, False, f"could not run: {exc.message}", (exc.render(),),
                            findings=({"kind": "error", "message": exc.message},))
    duration = round(time.perf_counter() - start, 3)
    return replace(result, duration=duration)


def run_gate(name: str, config: ProjectConfig, mode: Any, baseline: str,
             prefetch: "SpecsPrefetch | None" = None) -> GateResult:
    """Run one registered gate, timing it; exceptions of the checked project become a failed gate.

    `prefetch` (one task's `SpecsPrefetch`, shared by its tests and specs gates): the built-in
    tests gate starts it once its before-tests commands passed, the built-in specs gate takes
    its documents. A gate registered in place of a built-in one ignores it.
    """
    fn = _GATES[name]
    if prefetch is not None and fn is tests_gate:
        return _timed(name, lambda: run_tests_stage(config, baseline, before_suite=prefetch.start))
    if prefetch is not None and fn is specs_gate:
        return _timed(name, lambda: specs_gate(config, mode, baseline, current=prefetch))
    return _timed(name, lambda: fn(config, mode, baseline))


def factory_available(config: ProjectConfig) -> bool:
    """Return True when `[tool.refactor-tools.app] factory` names a module file that exists."""
    factory = config.section("app").get("factory")
    if not isinstance(factory, str) or ":" not in factory:
        return False
    module = factory.split(":", 1)[0].replace(".", "/")
    base = config.source_dir / module
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


Step = tuple[str, Callable[[], GateResult]]


def _suite_result(suite: Any) -> GateResult:
    from .testgate import tests_result

    result = tests_result(suite)
    return replace(result, metrics={**result.metrics, "seconds": suite.duration})


class _TaskGates:
    """The gates of one task, sharing the settings, the tests run and the green records."""

    def __init__(self, config: ProjectConfig, baseline: str, records: Any = None) -> None:
        from .gatecache import GreenRecords
        from .gatecfg import gate_settings

        self.config = config
        self.baseline = baseline
        self.settings = gate_settings(config)
        self.records = records or GreenRecords(config.root, (config.progress,) if config.progress else ())
        self.tests_gate: GateResult | None = None
        self.beside: Any = None  # beside.WithTestsCommands once started
        self._beside_valid: bool | None = None

    def _lookup(self, name: str, gate_config: Any) -> tuple[str | None, GateResult | None]:
        """Return (key, the skipped result when an earlier green run had these inputs)."""
        if not self.settings.skip_unchanged:
            return None, None
        try:
            key = self.records.key(name, gate_config, self.settings.env)
        except OSError:
            return None, None  # no digest (not a git tree): run the gate
        record = self.records.get(key)
        if record is None:
            return key, None
        metrics = {**record.get("metrics", {}), "skipped": True}
        when = record.get("note") or f"since a green run at {record['at']}"
        return key, GateResult(name, True, f"skipped: inputs unchanged {when} ({record.get('summary', '')})",
                               metrics=metrics)

    def _cached(self, name: str, gate_config: Any, fn: Callable[[], GateResult]) -> GateResult:
        key, skipped = self._lookup(name, gate_config)
        if skipped is not None:
            return skipped
        result = fn()
        if result.ok and key is not None:
            self.records.put(key, name, result.summary, result.metrics)
        return result

    @staticmethod
    def _command_config(command: Any) -> list[Any]:
        run = "gate" if command.run == "with-tests" else command.run  # the same inputs, wherever it runs
        return [command.command, run, command.timeout]

    def command(self, command: Any) -> GateResult:
        from .testgate import run_command_gate

        return self._cached(command.gate_name, self._command_config(command),
                            lambda: run_command_gate(self.config, self.settings, command))

    def _start_beside(self) -> None:
        from .beside import WithTestsCommands

        pending = [c for c in self.settings.commands_for("with-tests")
                   if self._lookup(c.gate_name, self._command_config(c))[1] is None]
        if pending:
            self.beside = WithTestsCommands(self, pending)
            self.beside.start()

    def with_tests(self, command: Any) -> GateResult:
        """Return a `with-tests` command's result: the one run beside the suite when it saw the tree
        the suite left, else the command run now (skipped when its inputs were green before)."""
        beside = self.beside
        result = beside.results.get(command.name) if beside is not None else None
        if result is None or not self._beside_saw_this_tree():
            return self.command(command)
        key, _ = self._lookup(command.gate_name, self._command_config(command))
        if result.ok and key is not None:
            self.records.put(key, command.gate_name, result.summary, result.metrics)
        return result

    def _beside_saw_this_tree(self) -> bool:
        if self._beside_valid is None:
            from .gatecache import tree_digest

            assert self.beside is not None
            try:
                now = tree_digest(self.config.root, self.records.exclude)
            except OSError:
                now = None
            self._beside_valid = self.beside.tree is not None and now == self.beside.tree
        return self._beside_valid

    def _tests_plan(self) -> tuple[str | None, bool, list[str], list[Any]]:
        from .testgate import app_source_arg, worker_args

        settings = self.settings
        source = app_source_arg(self.config, settings)
        coverage = settings.coverage_tolerance is not None
        workers = worker_args(self.config, settings, self._last_duration())
        return source, coverage, workers, [list(settings.pytest_args), source, coverage, workers, settings.timeout]

    def tests(self) -> GateResult:
        from .testgate import run_suite

        source, coverage, workers, gate_config = self._tests_plan()
        self.tests_gate = self._beside_suite(lambda: self._cached(
            "tests", gate_config,
            lambda: _suite_result(run_suite(self.config, self.settings, source, coverage, workers=workers))))
        return self.tests_gate

    def _beside_suite(self, suite: Callable[[], Any]) -> Any:
        """Run `suite()` (its result has `.ok`) with the `with-tests` commands beside it."""
        self._start_beside()
        passed = False
        try:
            result = suite()
            passed = result.ok
            return result
        finally:
            if self.beside is not None:
                if not passed:  # a failed (or interrupted) suite: the commands' verdicts are not needed
                    self.beside.stop()
                self.beside.join()

    def baseline_checks(self) -> tuple[Any, list[GateResult]]:
        """Run what the baseline needs: before-tests commands, the suite with coverage (the
        with-tests commands beside it, reported after it), gate commands.

        A green suite is recorded for the tests gate of the same tree (a run that measured
        coverage passing means the same run passes without it).
        """
        from .testgate import run_suite

        commands: list[GateResult] = []
        for command in self.settings.commands_for("before-tests"):
            commands.append(_timed(command.gate_name, lambda c=command: self.command(c)))
            if not commands[-1].ok:
                return None, commands
        source, _, workers, gate_config = self._tests_plan()
        run = self._beside_suite(lambda: run_suite(self.config, self.settings, source, coverage=True, workers=workers))
        if not run.ok:
            return run, commands
        if self.settings.skip_unchanged:
            result = _suite_result(run)
            try:
                self.records.put(self.records.key("tests", gate_config, self.settings.env), "tests",
                                 result.summary, result.metrics)
            except OSError:
                pass
        steps = [(c, _keep_duration, self.with_tests) for c in self.settings.commands_for("with-tests")]
        steps += [(c, _timed, self.command) for c in self.settings.commands_for("gate")]
        for command, timed, fn in steps:
            commands.append(timed(command.gate_name, lambda c=command, fn=fn: fn(c)))
            if not commands[-1].ok:
                break
        return run, commands

    def _last_duration(self) -> float | None:
        data = self.records._load()
        durations = [r.get("metrics", {}).get("seconds") for r in data.values() if r.get("gate") == "tests"]
        durations = [d for d in durations if isinstance(d, (int, float))]
        return durations[-1] if durations else None

    def coverage(self) -> GateResult:
        from .baseline_record import read_baseline_record
        from .testgate import coverage_result

        recorded = read_baseline_record(self.config.root) or {}
        baseline = recorded.get("coverage_percent")
        text = recorded.get("coverage")
        if baseline is None and isinstance(text, str) and text.endswith("%"):
            try:  # the baseline as pytest-cov's terminal report printed it, e.g. "95%"
                baseline = float(text[:-1])
            except ValueError:
                baseline = None
        tests = self.tests_gate
        percent = tests.metrics.get("coverage") if tests is not None else None
        return coverage_result(self.settings, percent, baseline if isinstance(baseline, (int, float)) else None)

    def steps(self, modes: dict[str, Any], coverage: bool = True) -> list[Step]:
        """Return the task's gates in order (`coverage=False`: without the coverage gate)."""
        tests_on = modes.get("tests") not in (False, "skip", None)
        steps: list[tuple[str, Callable[[], GateResult], Callable[..., GateResult]]] = []  # (name, fn, timer)
        if tests_on:
            steps += [(c.gate_name, lambda c=c: self.command(c), _timed)
                      for c in self.settings.commands_for("before-tests")]
            steps.append(("tests", self.tests, _timed))
            # Right after the suite; a result from beside it keeps the duration of its own run.
            steps += [(c.gate_name, lambda c=c: self.with_tests(c), _keep_duration)
                      for c in self.settings.commands_for("with-tests")]
            if coverage and self.settings.coverage_tolerance is not None:
                steps.append(("coverage", self.coverage, _timed))
        for name in ("specs", "boundaries"):
            mode = modes.get(name)
            if mode not in (False, "skip", None):
                steps.append((name, lambda name=name, mode=mode: _GATES[name](self.config, mode, self.baseline),
                              _timed))
        if tests_on:
            steps += [(c.gate_name, lambda c=c: self.command(c), _timed) for c in self.settings.commands_for("gate")]
        return [(name, lambda name=name, fn=fn, timer=timer: timer(name, fn)) for name, fn, timer in steps]


def _keep_duration(name: str, fn: Callable[[], GateResult]) -> GateResult:
    """`_timed`, except that a result run beside the suite keeps the duration of its own run."""
    kept: list[GateResult] = []

    def run() -> GateResult:
        kept.append(fn())
        return kept[0]

    timed = _timed(name, run)
    return kept[0] if kept and kept[0].metrics.get("beside-suite") else timed


def gate_steps(config: ProjectConfig, modes: dict[str, Any], baseline: str) -> list[Step]:
    """Return one task's gates in order, as (name, run) pairs; `run()` returns the GateResult.

    Args:
        config: the project after the task's actions.
        modes: the task's gate modes, e.g. {"tests": True, "specs": "identical", "boundaries": "skip"}.
        baseline: the baseline ref the specs gate compares with.

    Raises:
        ConfigError: a gate key of the configuration is wrong (before any gate runs).
    """
    return _TaskGates(config, baseline).steps(modes)


def baseline_checks(config: ProjectConfig) -> tuple[Any, list[GateResult]]:
    """Run the baseline's checks; returns (the suite's PytestResult or None, command gate results).

    None means a before-tests command failed (it is the last command result); the suite ran
    with coverage; command gates stop at the first failure.
    """
    return _TaskGates(config, "").baseline_checks()


@register_gate("tests")
def tests_gate(config: ProjectConfig, mode: Any, baseline: str) -> GateResult:
    """Run the tests stage: before-tests commands, the suite, coverage, then the gate commands.

    A runner that calls the registered gates one by one (tests, specs, boundaries) gets the
    whole tests stage here, as one result named `tests`: its summary is the suite's, followed by
    the other steps' verdicts; on a failure it names the failing step (e.g. `command ruff: ...`)
    and carries that step's details. `metrics["steps"]` lists every step.
    """
    return run_tests_stage(config, baseline)


def run_tests_stage(config: ProjectConfig, baseline: str,
                    before_suite: Callable[[], None] | None = None) -> GateResult:
    """Run the tests stage (see `tests_gate`); `before_suite()` is called once the before-tests
    commands passed, just before the suite starts (not at all when one of them fails)."""
    gates = _TaskGates(config, baseline)
    steps = [(name, run) for name, run in gates.steps({"tests": True}) if name not in ("specs", "boundaries")]
    results: list[GateResult] = []
    for name, run in steps:
        if name == "tests" and before_suite is not None:
            before_suite()
        results.append(run())
        if not results[-1].ok:
            break
    suite = next((r for r in results if r.name == "tests"), None)
    metrics = dict(suite.metrics) if suite is not None else {}
    metrics["steps"] = [{"name": r.name, "ok": r.ok, "summary": r.summary, "seconds": r.duration,
                         **({"beside-suite": True} if r.metrics.get("beside-suite") else {})} for r in results]
    findings = tuple(f for r in results for f in r.findings)
    failed = next((r for r in results if not r.ok), None)
    if failed is not None:
        summary = failed.summary if failed.name == "tests" else f"{failed.name}: {failed.summary}"
        return GateResult("tests", False, summary, failed.details, metrics=metrics, findings=findings,
                          steps=tuple(results))
    others = [f"{r.name}: {r.summary}" for r in results if r.name != "tests"]
    summary = "; ".join([suite.summary if suite is not None else "no suite", *others])
    return GateResult("tests", True, summary, metrics=metrics, findings=findings, steps=tuple(results))


@register_gate("specs")
def specs_gate(config: ProjectConfig, mode: Any, baseline: str, current: SpecsPrefetch | None = None) -> GateResult:
    """Compare both specs with the baseline ref (the working tree's from `current` when valid)."""
    from ..specs import diff_specs

    docs = current.documents() if current is not None else None
    diff = diff_specs(config, baseline, current=docs)
    findings = sorted(diff.findings)
    if mode == "identical":
        bad = [f for f in findings if f.severity != "info"]
    else:
        bad = [f for f in findings if f.severity in ("breaking", "unclassified")]
    details = tuple(f"{f.kind} {f.location}: [{f.rule}] {f.severity}: {f.message}" for f in bad[:50])
    summary = f"{diff.verdict} vs {baseline}"
    if bad:
        summary += f" ({len(bad)} finding(s) not allowed by '{mode}')"
    allowed = set(findings) - set(bad)
    recorded = tuple({**f.to_dict(), "document": f.kind, "kind": "spec", "allowed": f in allowed} for f in findings[:MAX_FINDINGS])
    metrics: dict[str, Any] = {"verdict": diff.verdict, "counts": diff.counts()}
    if current is not None:
        metrics["overlapped"] = docs is not None  # generated while the suite ran
    return GateResult("specs", not bad, summary, details, metrics=metrics, findings=recorded)


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
    found = [_violation_finding("new", v) for v in report.new]
    found += [{"kind": "boundary", "status": "not-analysed", "path": g.path, "line": g.line, "guard": g.kind,
               "message": g.message} for g in report.guards]
    found += [{"kind": "boundary", "status": "stale", "rule": e.rule, "importer": e.importer, "imported": e.imported,
               "statement": e.statement} for e in report.stale]
    found += [_violation_finding("known", v) for v in report.baselined]
    return GateResult("boundaries", ok, summary, tuple(details[:50]), metrics=metrics,
                      findings=tuple(found[:MAX_FINDINGS]))


def _violation_finding(status: str, v: Any) -> dict[str, Any]:
    return {"kind": "boundary", "status": status, "path": v.path, "line": v.line, "rule": v.rule,
            "importer": v.importer, "imported": v.imported}


def run_pytest(config: ProjectConfig, extra: tuple[str, ...] = (), app_source: str | None = None):
    """Run the project's suite as the tests gate configures it (for the baseline); a PytestResult."""
    from .gatecfg import gate_settings
    from .testgate import run_suite

    return run_suite(config, gate_settings(config), app_source, extra=extra)
