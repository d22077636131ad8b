"""The gates that run the project's own tools: its pytest suite, its coverage, its commands.

Public API:
    pytest_args(config, settings, app_source=None) -> list[str]
    run_suite(config, settings, app_source=None, coverage=False, extra=()) -> PytestResult
    tests_result(config, settings, run) -> GateResult
    coverage_result(settings, percent, baseline) -> GateResult
    run_command_gate(config, settings, command) -> GateResult

`tests` runs `python -m pytest` in the project root with the project's own configuration (its
addopts; nothing forced) plus `driver.pytest-args`; once the factory exists and the project
uses the plugin, `--app-source both` (one process, every app test under each source) or the
one source `driver.app-sources` names. Results come from the JUnit XML report.
"""

from __future__ import annotations

import os
import shlex
import tomllib
from pathlib import Path
from typing import Any, Callable

from ..adapters.pytest_run import PytestResult, coverage_available, pytest_env, run_pytest
from ..adapters.run import run_command
from ..config import ProjectConfig
from .gatecache import cache_dir
from .gatecfg import CommandGate, GateSettings
from .gates import GateResult, factory_available

PARALLEL_AFTER = 60.0  # seconds: `workers = "auto"` uses xdist only for suites slower than this


def app_source_arg(config: ProjectConfig, settings: GateSettings) -> str | None:
    """Return the `--app-source` value the gate passes: None before the factory exists."""
    if not (factory_available(config) and config.section("app")):
        return None
    return "both" if len(settings.app_sources) == 2 else settings.app_sources[0]


def _project_addopts(root: Path) -> list[str]:
    found: list[str] = []
    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
        addopts = data.get("tool", {}).get("pytest", {}).get("ini_options", {}).get("addopts", "")
        found += shlex.split(addopts) if isinstance(addopts, str) else [str(a) for a in addopts]
    except (OSError, ValueError):
        pass
    ini = root / "pytest.ini"
    if ini.is_file():
        import configparser

        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(ini, encoding="utf-8")
            found += shlex.split(parser.get("pytest", "addopts", fallback=""))
        except (configparser.Error, ValueError):
            pass
    return found


def sets_workers(args: list[str]) -> bool:
    """Return True when pytest arguments already choose xdist's worker count (or disable xdist)."""
    for arg in args:
        if arg in ("-n", "--numprocesses", "no:xdist") or arg.startswith(("-n", "--numprocesses=")) and arg != "-no":
            return True
    return False


def worker_args(config: ProjectConfig, settings: GateSettings, last_duration: float | None) -> list[str]:
    """Return `-n N` when the gate decides the worker count; [] when the project's config decides.

    `workers = "project"` (default) and any `-n` in the project's addopts or pytest-args leave
    it to the project. `"auto"`: sequential unless the last green run took PARALLEL_AFTER
    seconds or more on a machine with more than two cores; a number: exactly that.
    """
    if settings.workers == "project" or sets_workers([*_project_addopts(config.root), *settings.pytest_args]):
        return []
    if isinstance(settings.workers, int):
        return ["-n", str(settings.workers)]
    slow = last_duration is not None and last_duration >= PARALLEL_AFTER
    return ["-n", "auto"] if slow and (os.cpu_count() or 1) > 2 else ["-n", "0"]


def pytest_args(config: ProjectConfig, settings: GateSettings, app_source: str | None = None,
                workers: list[str] | None = None) -> list[str]:
    """Return the arguments the tests gate adds to the project's pytest configuration."""
    args = [*settings.pytest_args, *(workers or [])]
    if app_source:
        args += ["--app-source", app_source]
    return args


def run_suite(config: ProjectConfig, settings: GateSettings, app_source: str | None = None,
              coverage: bool = False, extra: tuple[str, ...] = (), workers: list[str] | None = None) -> PytestResult:
    """Run the project's suite once, as the tests gate and the baseline do."""
    measure = [config.package] if coverage and coverage_available() else None
    return run_pytest(
        config.root, [*pytest_args(config, settings, app_source, workers), *extra], settings.env,
        timeout=settings.timeout, coverage=measure, cache_dir=cache_dir(config.root) / "pytest-cache",
    )


def _summary(run: PytestResult) -> str:
    if run.timed_out or not run.report_found or not run.cases:
        return run.describe()
    by_source = run.counts_by_source()
    if not {"legacy", "factory"} <= set(by_source):
        return run.describe()  # one app source: the totals say it all
    parts = []
    for source in ("legacy", "factory"):
        if source in by_source:
            parts.append(f"{source}: " + ", ".join(f"{n} {k}" for k, n in by_source[source].items()))
    if "-" in by_source:
        parts.append("without the app: " + ", ".join(f"{n} {k}" for k, n in by_source["-"].items()))
    return "; ".join(parts)


def tests_result(run: PytestResult) -> GateResult:
    """Turn one pytest run into the tests gate's verdict."""
    details: tuple[str, ...] = ()
    if not run.ok:
        details = tuple(run.failure_details())
        if run.returncode == 0 and not run.counts.get("passed"):
            details += ("no test passed: the gate needs at least one passing test",)
    runs = [{"source": source if source != "-" else None, "returncode": run.returncode, **counts}
            for source, counts in run.counts_by_source().items()] or [{"source": None, "returncode": run.returncode}]
    metrics: dict[str, Any] = {"runs": runs, "command": list(run.command[1:]), "coverage": run.coverage}
    return GateResult("tests", run.ok, _summary(run), details, metrics=metrics, findings=tuple(suite_findings(run)))


def suite_findings(run: PytestResult) -> list[dict[str, Any]]:
    """Return what a task record keeps of a pytest run: each failing test with its full reason."""
    found: list[dict[str, Any]] = [
        {"kind": "test", "test": case.nodeid, "source": case.source, "outcome": case.outcome,
         "reason": case.reason()}
        for case in run.failures
    ]
    if not found and not run.ok:
        tail = run.output.strip().splitlines()[-30:]
        found.append({"kind": "run", "message": run.describe(), "output": tail})
    return found


def _two(*values: float) -> tuple[str, ...]:
    """Format percentages with two decimals, or four when two would make different values look equal."""
    texts = tuple(f"{v:.2f}" for v in values)
    if len(set(texts)) < len(set(values)):
        texts = tuple(f"{v:.4f}" for v in values)
    return texts


def coverage_result(settings: GateSettings, percent: float | None, baseline: float | None) -> GateResult:
    """Fail when coverage dropped more than the tolerance below the baseline's.

    Both numbers are coverage.py's exact totals (the baseline's from `baseline.json`); the
    message gives both and the tolerance.
    """
    tolerance = settings.coverage_tolerance or 0.0
    if baseline is None:
        return GateResult("coverage", False, "the baseline recorded no coverage",
                          ("re-record the baseline with pytest-cov installed (it is a dependency of refactor-tools)",))
    if percent is None:
        return GateResult("coverage", False, "coverage was not measured in the tests gate",
                          ("pytest-cov must be importable by the interpreter running refactor-tools",))
    floor = baseline - tolerance
    ok = percent >= floor - 1e-9  # float noise of the subtraction only
    now, base, low = _two(percent, baseline, floor)
    summary = f"{now}% vs baseline {base}% (tolerance {tolerance:g} points)"
    details = () if ok else (f"coverage {now}% is below {low}% (baseline {base}% - {tolerance:g})",)
    findings = () if ok else ({"kind": "coverage", "coverage": percent, "baseline": baseline, "tolerance": tolerance},)
    return GateResult("coverage", ok, summary, details, metrics={"coverage": percent, "baseline": baseline},
                      findings=findings)


def run_command_gate(config: ProjectConfig, settings: GateSettings, command: CommandGate,
                     on_start: Callable[[Any], None] | None = None) -> GateResult:
    """Run one configured command in the project root; exit 0 passes (`on_start`: see run_command)."""
    env, added, removed = pytest_env(config.root, settings.env)
    done = run_command(command.command, cwd=config.root, env=env, timeout=command.timeout, shell=True,
                       on_start=on_start)
    if done.timed_out:
        summary = f"timed out after {command.timeout:g} s (process group killed)"
    else:
        summary = f"`{command.command}` exited {done.returncode}"
    details: tuple[str, ...] = ()
    if not done.ok:
        tail = done.output.rstrip().splitlines()[-60:]
        details = (f"command: {command.command}",
                   "environment added: " + (", ".join(f"{k}={v}" for k, v in sorted(added.items())) or "(none)"),
                   *(f"environment removed: {', '.join(removed)}" for _ in [0] if removed),
                   *(f"    {line}" for line in tail))
    findings = () if done.ok else ({"kind": "command", "command": command.command, "returncode": done.returncode,
                                    "output": tail},)
    return GateResult(command.gate_name, done.ok, summary, details, metrics={"returncode": done.returncode},
                      findings=findings)

