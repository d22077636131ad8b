"""`refactor-tools demo`: migrate a bundled legacy example in a fresh git repository.

Steps: copy the example project (and, for an example without a plan of its own, the plans)
into a new directory, set up its env-file from the committed template when the project names
one (`.env` from `.env.example`, never committed), make it a git repository with one commit,
run every phase of the plan (phase-0 records the baseline), then check the result the way a
reviewer would, from the project's own configuration only: each module under
`<package>.modules` that holds tests passes its suite alone (with the plugin's isolation guard
when the project uses the plugin; workers as the tests gate chooses them: the project's addopts
decide, so a suite without `-n` runs sequentially), no shim is left, and the import boundaries
are clean.

Bundled examples (`--example NAME`): `trading` (alias `legacy`, the default: the Trading API
monolith with the repository's `plans/`) and `sql` (a database-backed monolith carrying its own
plan). `--example` also takes the path of a project directory.

Public API:
    EXAMPLES                                  name -> (example dir, plans dir or None)
    resolve_example(value=None, plans=None) -> (example_dir, plans_dir or None, bundled)
    find_sources(start=None, name="trading") -> (example_dir, plans_dir or None)
    prepare_workdir(workdir, example_dir, plans_dir=None, bundled=False) -> Path
    run_demo(workdir, example_dir=None, plans_dir=None, reporter=None, until=None) -> DemoResult
    final_checks(root) -> (module suites, modules without tests, shims left, problems)
    module_suite_args(config, module_dir) -> list[str]       pytest arguments of one module's tests
"""

from __future__ import annotations

import shutil
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..adapters.git import Git
from ..adapters.state import STATE_DIR, dumps_json
from ..errors import UsageError

EXAMPLE = Path("examples") / "legacy_monolith"
PLANS = Path("plans")
# name -> (the example, relative to the demo root; the plans to copy beside it, or None when the
# example carries its own plan).
EXAMPLES: dict[str, tuple[Path, Path | None]] = {
    "trading": (EXAMPLE, PLANS),
    "legacy": (EXAMPLE, PLANS),
    "sql": (Path("examples") / "sql_monolith", None),
}
DEFAULT_EXAMPLE = "trading"
_CACHES = ("__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".venv", STATE_DIR,
           "*.egg-info", ".hypothesis")
# Local state a bundled example never ships (the wheel leaves it out too): settings, databases.
_LOCAL = (".env", "*.db", "*.sqlite", "*.sqlite3")
_IGNORE = shutil.ignore_patterns(*_CACHES)
_IGNORE_BUNDLED = shutil.ignore_patterns(*_CACHES, *_LOCAL)
_TEST_FILES = ("test_*.py", "*_test.py")
_GITIGNORE = f"__pycache__/\n*.pyc\n.pytest_cache/\n.venv/\n*.egg-info/\n{STATE_DIR}/\n.hypothesis/\n"


@dataclass(frozen=True)
class ModuleSuite:
    """One module's own tests run alone (with the isolation guard when the plugin is in use)."""

    module: str
    ok: bool
    summary: str
    duration: float


@dataclass(frozen=True)
class DemoResult:
    """The migration's phase results and the final checks of the migrated project."""

    workdir: Path
    phases: tuple[Any, ...]
    module_suites: tuple[ModuleSuite, ...] = ()
    shims_left: tuple[str, ...] = ()
    duration: float = 0.0
    problems: tuple[str, ...] = field(default_factory=tuple)
    stopped_after: str | None = None  # `--until`: the last phase run; no final checks then
    setup: tuple[str, ...] = ()  # what the demo did to the copy before its first commit
    modules_without_tests: tuple[str, ...] = ()  # covered by the project's suite, not alone
    final_seconds: float = 0.0  # the final checks' wall time

    @property
    def ok(self) -> bool:
        """Return True when every phase finished and every final check passed."""
        return (
            all(p.exit_code == 0 for p in self.phases)
            and all(s.ok for s in self.module_suites)
            and not self.shims_left
            and not self.problems
        )


def _demo_roots(start: Path | None) -> list[Path]:
    roots: list[Path] = []
    for base in ((start or Path.cwd()).resolve(), Path(__file__).resolve().parents[3]):
        roots += [base, *base.parents]  # the working directory's checkout, then this package's
    packaged = packaged_demo_root()
    return roots + ([packaged] if packaged is not None else [])


def find_sources(start: Path | None = None, name: str = DEFAULT_EXAMPLE) -> tuple[Path, Path | None]:
    """Return a bundled example and the plans to copy with it (None: it carries its own).

    Looks in the repository checkout at or above `start` (default: the working directory),
    the checkout this package runs from, then the demo inputs shipped in the package.

    Raises:
        UsageError: `name` is not a bundled example, or its files are nowhere to be found.
    """
    if name not in EXAMPLES:
        raise _unknown_example(name)
    example, plans = EXAMPLES[name]
    roots = _demo_roots(start)
    for root in roots:
        if (root / example / "pyproject.toml").is_file() and (plans is None or (root / plans).is_dir()):
            return root / example, (root / plans if plans is not None else None)
    wanted = f"{example}" + (f" and {plans}/" if plans is not None else "")
    raise UsageError(
        f"cannot find {wanted} above {roots[0]} nor in the installed package",
        hint="run from the repository checkout, or pass --example DIR (and --plans DIR)",
    )


def _unknown_example(value: str) -> UsageError:
    names = ", ".join(sorted(EXAMPLES))
    return UsageError(
        f"unknown example {value!r}: not a bundled example and not a project directory "
        f"(no pyproject.toml at {Path(value).resolve()})",
        hint=f"use one of {names} (default {DEFAULT_EXAMPLE}), or the path of a project directory",
    )


def _own_plan(example_dir: Path) -> bool:
    """Return True when the project's `[tool.refactor-tools] plan` file is inside it."""
    try:
        table = tomllib.loads((example_dir / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    plan = table.get("tool", {}).get("refactor-tools", {}).get("plan")
    return isinstance(plan, str) and (example_dir / plan).is_file()


def resolve_example(value: str | Path | None = None, plans: Path | None = None) -> tuple[Path, Path | None, bool]:
    """Return (example dir, plans dir or None, is bundled) for `--example` and `--plans`.

    `value` is a bundled example's name, or the path of a project directory; None is the
    default example. A project without a plan of its own gets the default example's plans
    unless `plans` names others.

    Raises:
        UsageError: neither a known name nor a directory holding a pyproject.toml (the message
            lists the names).
    """
    text = str(value) if value is not None else DEFAULT_EXAMPLE
    if text in EXAMPLES and not (Path(text) / "pyproject.toml").is_file():
        example_dir, bundled_plans = find_sources(name=text)
        return example_dir, (plans if plans is not None else bundled_plans), True
    example_dir = Path(text)
    if not (example_dir / "pyproject.toml").is_file():
        raise _unknown_example(text)
    if plans is None and not _own_plan(example_dir):
        plans = find_sources(name=DEFAULT_EXAMPLE)[1]
    return example_dir, plans, False


def packaged_demo_root() -> Path | None:
    """Return the demo inputs shipped in the installed package (`refactor_tools/_demo`), if any.

    The wheel carries `examples/` and `plans/` there, laid out as in the repository.
    """
    from importlib.resources import files

    root = files("refactor_tools").joinpath("_demo")
    if isinstance(root, Path) and (root / "examples").is_dir():
        return root
    return None


def _env_file(workdir: Path) -> str | None:
    try:
        data = tomllib.loads((workdir / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    value = data.get("tool", {}).get("refactor-tools", {}).get("env-file")
    return value if isinstance(value, str) and value else None


def _set_up_env_file(workdir: Path) -> str | None:
    """Create the project's env-file from its committed template when it is missing.

    A project that reads settings from `.env` commits `.env.example` and has its set-up step
    copy it; the demo's copy is a fresh checkout, so it does the same. Returns what it did.
    """
    name = _env_file(workdir)
    if name is None:
        return None
    target = (workdir / name).resolve()
    template = target.with_name(target.name + ".example")
    if target.exists() or not target.is_relative_to(workdir) or not template.is_file():
        return None
    shutil.copyfile(template, target)
    return f"created {name} from {template.relative_to(workdir).as_posix()} (the env-file; never committed)"


def prepare_workdir(workdir: Path, example_dir: Path, plans_dir: Path | None = None, *,
                    bundled: bool = False) -> Path:
    """Copy the example (and `plans_dir`, when given) into `workdir` (new or empty) and commit.

    A missing env-file is created from its `.example` template and kept out of git. `bundled`
    leaves out local settings and databases (`.env`, `*.db`) a checkout of the example may hold.

    Raises:
        UsageError: `workdir` exists and is not empty (nothing of the user's is overwritten).
    """
    return _prepare(workdir, example_dir, plans_dir, bundled=bundled)[0]


def _prepare(workdir: Path, example_dir: Path, plans_dir: Path | None, *, bundled: bool) -> tuple[Path, list[str]]:
    workdir = Path(workdir).resolve()
    if workdir.exists() and any(workdir.iterdir()):
        raise UsageError(
            f"work directory {workdir} is not empty",
            hint="pass a new or empty --workdir; the demo never overwrites files",
        )
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(example_dir, workdir, ignore=_IGNORE_BUNDLED if bundled else _IGNORE, dirs_exist_ok=True)
    if plans_dir is not None:
        shutil.copytree(plans_dir, workdir / PLANS, ignore=_IGNORE, dirs_exist_ok=True)
    gitignore = workdir / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(_GITIGNORE, encoding="utf-8")
    git = Git.init(workdir, "refactor-tools demo", "demo@refactor-tools.invalid")
    setup: list[str] = []
    created = _set_up_env_file(workdir)
    if created is not None:
        name = _env_file(workdir) or ""
        if name not in git.ignored_entries():
            git.ensure_excluded([f"/{name}"])
        setup.append(created)
    git.commit_all("The legacy monolith before the migration")
    return workdir, setup


def _module_dirs(config: Any) -> list[Path]:
    """Return the module packages under `<package>/modules` (the plugin's convention), sorted."""
    base = config.package_dir / "modules"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if (p / "__init__.py").is_file() and p.name != "tests")


def _has_tests(folder: Path) -> bool:
    return any(path for pattern in _TEST_FILES for path in folder.rglob(pattern) if "__pycache__" not in path.parts)


def module_suite_args(config: Any, module: Path) -> list[str]:
    """Return the pytest arguments that run one module's own tests alone, from the project's config.

    The project's pytest configuration (its addopts) applies; the workers are the tests gate's
    choice (`driver.workers`: by default the project's addopts decide, so a suite without `-n`
    runs sequentially); `--isolated-module` guards the run when the project uses the plugin
    (a `[tool.refactor-tools.app]` table).
    """
    from .gatecfg import gate_settings
    from .testgate import worker_args

    args = ["-p", "no:cacheprovider", module.relative_to(config.root).as_posix(),
            *worker_args(config, gate_settings(config), None)]
    if config.section("app"):
        args += ["--isolated-module", module.name]
    return args


def _run_module_suite(config: Any, module: Path) -> ModuleSuite:
    from ..adapters.pytest_run import run_pytest
    from .gatecfg import gate_settings

    settings = gate_settings(config)
    run = run_pytest(config.root, module_suite_args(config, module), settings.env, timeout=settings.timeout)
    return ModuleSuite(module.name, run.ok, run.describe(), round(run.duration, 2))


def _shims_left(config: Any) -> list[str]:
    from ..codemods.shim_removal import find_shims, find_symbol_shims

    found = {*find_shims(config), *find_symbol_shims(config)}
    return sorted(path.relative_to(config.root).as_posix() for path in found)


def _boundary_problems(config: Any) -> list[str]:
    from ..boundaries import check_boundaries

    if not config.section("boundaries"):
        return []
    report = check_boundaries(config)
    problems = [f"boundaries: {v.path}:{v.line}: [{v.rule}] {v.importer} -> {v.imported}" for v in report.violations]
    problems += [f"boundaries: stale baseline entry {e}" for e in report.stale]
    return problems


def final_checks(root: Path) -> tuple[tuple[ModuleSuite, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Check the migrated project: (module suites, modules without tests, shims left, problems)."""
    from ..config import load_config

    config = load_config(root)
    modules = _module_dirs(config)
    problems: list[str] = []
    if not modules:
        problems.append(f"no module packages under {(config.package_dir / 'modules').relative_to(root).as_posix()}")
    suites = tuple(_run_module_suite(config, m) for m in modules if _has_tests(m))
    without = tuple(m.name for m in modules if not _has_tests(m))
    problems += _boundary_problems(config)
    return suites, without, tuple(_shims_left(config)), tuple(problems)


def run_demo(
    workdir: Path,
    example_dir: Path | str | None = None,
    plans_dir: Path | None = None,
    reporter: Any = None,
    until: str | None = None,
    lookahead: bool | None = None,
) -> DemoResult:
    """Run the whole migration of the example in `workdir` and check the result.

    Args:
        example_dir: a bundled example's name (`EXAMPLES`) or a project directory; default
            the Trading API monolith.
        plans_dir: plans to copy beside it (default: the example's own, or the default plans).
        until: stop after this phase (e.g. "phase-1"); the final checks need every phase.
        lookahead: run each next task's tests stage ahead in a worktree (`driver.lookahead`).
            None: on for a bundled example (its suites share nothing outside the tree: SQLite
            files in temp folders, no fixed ports), the project's own setting otherwise.

    Returns:
        The phase results (stopping at the first failed phase) and the final checks.

    Raises:
        UsageError: an unknown example, a work directory that is not empty.
    """
    from ..config import load_config
    from .runner import run_all

    started = time.perf_counter()
    example, plans, bundled = resolve_example(example_dir, plans_dir)
    root, setup = _prepare(workdir, example, plans, bundled=bundled)
    for line in setup:
        if reporter is not None and hasattr(reporter, "note"):
            reporter.note(line)
    config = load_config(root)
    if lookahead is None and bundled:
        lookahead = True
    if until is not None:
        phases = _run_until(config, until, reporter, lookahead)
        return DemoResult(root, phases, duration=round(time.perf_counter() - started, 2), stopped_after=until,
                          setup=tuple(setup))
    result = run_all(config, reporter=reporter, lookahead=lookahead)
    phases = tuple(result.phases)
    if result.exit_code:
        return DemoResult(root, phases, duration=round(time.perf_counter() - started, 2), setup=tuple(setup))
    checks_started = time.perf_counter()
    suites, without, shims, problems = final_checks(root)
    return DemoResult(
        root,
        phases,
        suites,
        shims,
        round(time.perf_counter() - started, 2),
        problems,
        setup=tuple(setup),
        modules_without_tests=without,
        final_seconds=round(time.perf_counter() - checks_started, 2),
    )


def _run_until(config: Any, until: str, reporter: Any, lookahead: bool | None = None) -> tuple[Any, ...]:
    # One phase after the other, as `refactor-tools run phase-N` would; stop at a failure.
    from ..config import load_config
    from ..driver import run_phase
    from ..driver.plan import load_plan

    ids = [phase.id for phase in load_plan(config).phases]
    if until not in ids:
        raise UsageError(f"unknown phase {until!r} for --until", hint=f"known phases: {', '.join(ids)}")
    results = []
    for phase_id in ids[: ids.index(until) + 1]:
        result = run_phase(config, phase_id, reporter=reporter, lookahead=lookahead)
        results.append(result)
        if result.exit_code:
            break
        config = load_config(config.root)
    return tuple(results)


def _gate(task: Any, name: str) -> Any:
    return next((g for g in getattr(task, "gates", ()) if g.name == name), None)


def summary_rows(result: DemoResult) -> list[dict[str, Any]]:
    """Return one row per phase: tasks, tests passed, spec verdict, boundary counts, commits."""
    rows = []
    for phase in result.phases:
        tests = specs = boundaries = "-"
        for task in phase.tasks:
            for name in ("tests", "specs", "boundaries"):
                gate = _gate(task, name)
                if gate is None:
                    continue
                if name == "tests":
                    tests = _tests_cell(gate)
                elif name == "specs":
                    specs = gate.summary
                else:
                    boundaries = gate.summary
        commits = [t.commit for t in phase.tasks if getattr(t, "commit", None)]
        gate_times: dict[str, float] = {}
        gate_runs: dict[str, int] = {}  # how many times each gate (and tests-stage step) ran
        beside: set[str] = set()  # steps that ran beside the suite: their seconds overlap the suite's
        for task in phase.tasks:
            for name, seconds, overlapped in _gate_seconds(task):
                gate_times[name] = round(gate_times.get(name, 0.0) + seconds, 3)
                gate_runs[name] = gate_runs.get(name, 0) + 1
                if overlapped:
                    beside.add(name)
        rows.append({
            "phase": phase.phase,
            "title": phase.title,
            "status": phase.status,
            "tasks": len(phase.tasks),
            "tests": tests,
            "specs": specs,
            "boundaries": boundaries,
            "commit": commits[-1] if commits else "-",
            "seconds": getattr(phase, "duration", 0.0),
            "gates": gate_times,
            "gate_runs": gate_runs,
            "beside_suite": sorted(beside),
            # Tasks whose tests stage ran ahead in a worktree, and how long the run waited for them.
            "lookahead": {
                "verified": sum(getattr(t, "lookahead", "") == "verified" for t in phase.tasks),
                "dropped": sum(getattr(t, "lookahead", "") == "dropped" for t in phase.tasks),
                "wait": round(sum(getattr(t, "lookahead_wait", 0.0) for t in phase.tasks), 3),
            },
        })
    return rows


def _tests_cell(gate: Any) -> str:
    """Return the suite's summary, the other steps of the tests stage counted (a table cell)."""
    steps = getattr(gate, "metrics", {}).get("steps") or []
    suite = next((step for step in steps if step.get("name") == "tests"), None)
    others = [step for step in steps if step.get("name") != "tests"]
    if suite is None or not others or not gate.ok:
        return gate.summary
    return f"{suite['summary']} (+{len(others)} command gate{'s' if len(others) != 1 else ''} ok)"


def _gate_seconds(task: Any) -> list[tuple[str, float, bool]]:
    """Return (gate or step name, seconds, ran beside the suite) of one task: the tests stage split
    into its steps."""
    out: list[tuple[str, float, bool]] = []
    for gate in getattr(task, "gates", ()):
        steps = getattr(gate, "metrics", {}).get("steps") if gate.name == "tests" else None
        if steps and all(isinstance(step.get("seconds"), (int, float)) for step in steps):
            out += [(step["name"], float(step["seconds"]), bool(step.get("beside-suite"))) for step in steps]
        else:
            out.append((gate.name, float(getattr(gate, "duration", 0.0)), False))
    return out


def gate_totals(result: DemoResult) -> dict[str, float]:
    """Return the seconds each gate (and each step of the tests stage) took over the whole run."""
    totals: dict[str, float] = {}
    for row in summary_rows(result):
        for name, seconds in row["gates"].items():
            totals[name] = round(totals.get(name, 0.0) + seconds, 3)
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def to_json(result: DemoResult) -> str:
    """Return the demo result as JSON (timings included: a demo is a measurement)."""
    data = {
        "workdir": str(result.workdir),
        "ok": result.ok,
        "phases": summary_rows(result),
        "module_suites": [s.__dict__ for s in result.module_suites],
        "modules_without_tests": list(result.modules_without_tests),
        "shims_left": list(result.shims_left),
        "problems": list(result.problems),
        "setup": list(result.setup),
        "gate_seconds": gate_totals(result),
        "final_seconds": result.final_seconds,
        "seconds": result.duration,
        "stopped_after": result.stopped_after,
    }
    return dumps_json(data, newline=False)
