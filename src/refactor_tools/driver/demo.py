"""`refactor-tools demo`: migrate the bundled legacy monolith in a fresh git repository.

Steps: copy the example project and the plans into a new directory, make it a git repository
with one commit, run every phase of the plan (phase-0 records the baseline), then check the
result the way a reviewer would: every module's suite passes on its own with
`pytest -n auto --isolated-module <m>`, no shim is left, and the final boundary check is clean.

Public API:
    find_sources(start=None) -> (example_dir, plans_dir)
    prepare_workdir(workdir, example_dir, plans_dir) -> Path
    run_demo(workdir, example_dir=None, plans_dir=None, reporter=None, until=None) -> DemoResult
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..adapters.git import Git
from ..adapters.state import STATE_DIR, dumps_json
from ..errors import UsageError

EXAMPLE = Path("examples") / "legacy_monolith"
PLANS = Path("plans")
_IGNORE = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".pytest_cache", ".venv", STATE_DIR, "*.egg-info", ".hypothesis"
)
_GITIGNORE = f"__pycache__/\n*.pyc\n.pytest_cache/\n.venv/\n*.egg-info/\n{STATE_DIR}/\n.hypothesis/\n"


@dataclass(frozen=True)
class ModuleSuite:
    """One module's suite run alone with the isolation guard."""

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

    @property
    def ok(self) -> bool:
        """Return True when every phase finished and every final check passed."""
        return (
            all(p.exit_code == 0 for p in self.phases)
            and all(s.ok for s in self.module_suites)
            and not self.shims_left
            and not self.problems
        )


def find_sources(start: Path | None = None) -> tuple[Path, Path]:
    """Return the example project and the plans directory of the repository at or above `start`.

    Raises:
        UsageError: no directory holding both `examples/legacy_monolith` and `plans/`.
    """
    candidates = [(start or Path.cwd()).resolve()]
    candidates.append(Path(__file__).resolve().parents[3])  # the source checkout of this package
    for base in candidates:
        for folder in (base, *base.parents):
            if (folder / EXAMPLE / "pyproject.toml").is_file() and (folder / PLANS).is_dir():
                return folder / EXAMPLE, folder / PLANS
    packaged = packaged_demo_root()
    if packaged is not None:
        return packaged / EXAMPLE, packaged / PLANS
    raise UsageError(
        f"cannot find {EXAMPLE} and {PLANS}/ above {candidates[0]}",
        hint="run from the repository checkout, or pass --example DIR and --plans DIR",
    )


def packaged_demo_root() -> Path | None:
    """Return the demo inputs shipped in the installed package (`refactor_tools/_demo`), if any.

    The wheel carries `examples/` and `plans/` there, laid out as in the repository.
    """
    from importlib.resources import files

    root = files("refactor_tools").joinpath("_demo")
    if isinstance(root, Path) and (root / EXAMPLE / "pyproject.toml").is_file() and (root / PLANS).is_dir():
        return root
    return None


def prepare_workdir(workdir: Path, example_dir: Path, plans_dir: Path) -> Path:
    """Copy the example and the plans into `workdir` (new or empty) and commit them.

    Raises:
        UsageError: `workdir` exists and is not empty (nothing of the user's is overwritten).
    """
    workdir = Path(workdir).resolve()
    if workdir.exists() and any(workdir.iterdir()):
        raise UsageError(
            f"work directory {workdir} is not empty",
            hint="pass a new or empty --workdir; the demo never overwrites files",
        )
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(example_dir, workdir, ignore=_IGNORE, dirs_exist_ok=True)
    shutil.copytree(plans_dir, workdir / PLANS, ignore=_IGNORE, dirs_exist_ok=True)
    gitignore = workdir / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(_GITIGNORE, encoding="utf-8")
    git = Git.init(workdir, "refactor-tools demo", "demo@refactor-tools.invalid")
    git.commit_all("The legacy monolith before the migration")
    return workdir


def _module_names(workdir: Path, package: str, source: str) -> list[str]:
    base = workdir / source / package.replace(".", "/") / "modules"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / "__init__.py").is_file() and p.name != "tests")


def _run_module_suite(workdir: Path, source_dir: str, module: str) -> ModuleSuite:
    started = time.perf_counter()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "auto", "-q", "-p", "no:cacheprovider",
         source_dir, "--isolated-module", module],
        cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    summary = lines[-1].strip("= ") if lines else f"exit {proc.returncode}"
    return ModuleSuite(module, proc.returncode == 0, summary, round(time.perf_counter() - started, 2))


def _shims_left(workdir: Path, source: str) -> list[str]:
    marker = "refactor-tools: shim"
    found = []
    for path in sorted((workdir / source).rglob("*.py")):
        if marker in path.read_text(encoding="utf-8", errors="replace"):
            found.append(path.relative_to(workdir).as_posix())
    return found


def run_demo(
    workdir: Path,
    example_dir: Path | None = None,
    plans_dir: Path | None = None,
    reporter: Any = None,
    until: str | None = None,
) -> DemoResult:
    """Run the whole migration of the example in `workdir` and check the result.

    Args:
        until: stop after this phase (e.g. "phase-1"); the final checks need every phase.

    Returns:
        The phase results (stopping at the first failed phase) and the final checks.
    """
    from ..config import load_config
    from .runner import run_all

    started = time.perf_counter()
    if example_dir is None or plans_dir is None:
        found_example, found_plans = find_sources()
        example_dir = example_dir or found_example
        plans_dir = plans_dir or found_plans
    root = prepare_workdir(workdir, example_dir, plans_dir)
    config = load_config(root)
    if until is not None:
        phases = _run_until(config, until, reporter)
        return DemoResult(root, phases, duration=round(time.perf_counter() - started, 2), stopped_after=until)
    result = run_all(config, reporter=reporter)
    phases = tuple(result.phases)
    if result.exit_code:
        return DemoResult(root, phases, duration=round(time.perf_counter() - started, 2))
    config = load_config(root)
    modules_dir = f"{config.source}/{config.package.replace('.', '/')}/modules"
    suites = tuple(
        _run_module_suite(root, f"{modules_dir}/{name}", name)
        for name in _module_names(root, config.package, config.source)
    )
    problems = []
    if not suites:
        problems.append(f"no module packages under {modules_dir}")
    return DemoResult(
        root,
        phases,
        suites,
        tuple(_shims_left(root, config.source)),
        round(time.perf_counter() - started, 2),
        tuple(problems),
    )


def _run_until(config: Any, until: str, reporter: Any) -> tuple[Any, ...]:
    # One phase after the other, as `refactor-tools run phase-N` would; stop at a failure.
    from ..config import load_config
    from ..driver import run_phase
    from ..driver.plan import load_plan

    ids = [phase.id for phase in load_plan(config).phases]
    if until not in ids:
        raise UsageError(f"unknown phase {until!r} for --until", hint=f"known phases: {', '.join(ids)}")
    results = []
    for phase_id in ids[: ids.index(until) + 1]:
        result = run_phase(config, phase_id, reporter=reporter)
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
                    tests = gate.summary
                elif name == "specs":
                    specs = gate.summary
                else:
                    boundaries = gate.summary
        commits = [t.commit for t in phase.tasks if getattr(t, "commit", None)]
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
        })
    return rows


def to_json(result: DemoResult) -> str:
    """Return the demo result as JSON (timings included: a demo is a measurement)."""
    data = {
        "workdir": str(result.workdir),
        "ok": result.ok,
        "phases": summary_rows(result),
        "module_suites": [s.__dict__ for s in result.module_suites],
        "shims_left": list(result.shims_left),
        "problems": list(result.problems),
        "seconds": result.duration,
        "stopped_after": result.stopped_after,
    }
    return dumps_json(data, newline=False)
