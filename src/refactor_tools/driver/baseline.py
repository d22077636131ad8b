"""The pre-migration baseline: tests green and counted, specs exported, the baseline tagged.

Public API:
    run_baseline(config, tag=None, reporter=None) -> PhaseResult
        the `baseline [--tag NAME]` command: runs the plan's baseline task (the task whose
        action is `{kind = "baseline"}`) as a transaction and records it in the progress
        section; "already done" when recorded and the tag exists. Without a plan (or without
        a baseline task) it runs the baseline alone and records nothing.
    run_baseline_action(ctx) -> ActionResult     the `baseline` plan action
    read_baseline(config) -> dict | None         `.refactor-tools/baseline/baseline.json`

The action refuses (ProblemsFound, exit 1) when a test fails, and refuses (UsageError) when
the tag already names another commit than HEAD. It writes `openapi.json`, `asyncapi.json` and
`baseline.json` (counts, coverage, commit, tag) under `.refactor-tools/baseline/`, which the
driver keeps out of git, and creates an annotated tag at HEAD unless it already points there.
Coverage is measured when pytest-cov is installed, else reported as "not measured".
"""

from __future__ import annotations

import importlib.util
import json
import re
from typing import Any

from ..config import ProjectConfig
from ..errors import ProblemsFound, UsageError
from .actions import ActionContext, ActionResult, apply_action
from .gates import run_pytest
from .gitops import Git
from .journal import STATE_DIR

BASELINE_DIR = f"{STATE_DIR}/baseline"
_TOTAL = re.compile(r"^TOTAL\s+.*?(\d+(?:\.\d+)?)%\s*$", re.M)


class BaselineFailed(ProblemsFound):
    """The baseline's tests do not all pass (exit 1)."""


def _coverage_args(config: ProjectConfig) -> tuple[str, ...]:
    if importlib.util.find_spec("pytest_cov") is None:
        return ()
    return (f"--cov={config.package}", "--cov-report=term")


def run_baseline_action(ctx: ActionContext) -> ActionResult:
    """Run the tests, export the specs and tag HEAD as the baseline."""
    from .runner import baseline_ref

    config = ctx.config
    tag = ctx.tag or baseline_ref(config)
    git = Git(config.root)
    head = git.head()
    existing = git.tag_target(tag)
    if existing and existing != head:
        raise UsageError(
            f"tag {tag!r} already names commit {git.short(existing)}, not HEAD ({git.short(head)})",
            hint="pass --tag NAME for a new baseline, or delete the old tag",
        )
    run = run_pytest(config, extra=_coverage_args(config))
    if not run.ok:
        failures = [line for line in run.output.splitlines() if line.startswith(("FAILED ", "ERROR "))]
        raise BaselineFailed(
            f"the baseline needs every test passing; got {run.describe()}"
            + "".join(f"\n  {line}" for line in failures[:20]),
            hint="fix the tests before starting the migration",
        )
    coverage_match = _TOTAL.search(run.output)
    coverage = f"{coverage_match.group(1)}%" if coverage_match else None
    out = config.root / BASELINE_DIR
    out.mkdir(parents=True, exist_ok=True)
    exported: list[str] = []
    if config.section("specs"):
        from ..specs import export_specs

        exported = sorted(f.path.name for f in export_specs(config, out).files)
    record = {
        "commit": head,
        "coverage": coverage,
        "specs": exported,
        "tag": tag,
        "tests": run.counts,
    }
    (out / "baseline.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    created = ()
    if existing is None:
        git.create_tag(tag, head, f"refactor-tools baseline: {run.describe()}")
        created = (tag,)
    passed = run.counts.get("passed", 0)
    notes = (
        f"All {passed} baseline tests passing",
        f"Coverage baseline: {coverage}" if coverage else "Coverage: not measured",
        f"Specs exported: {', '.join(exported)}" if exported else "Specs: not configured",
        f"Baseline tag: `{tag}`",
    )
    summary = f"{passed} tests passing; coverage: {coverage or 'not measured'}; tag {tag}"
    return ActionResult("baseline", summary, (), notes, created)


def read_baseline(config: ProjectConfig) -> dict[str, Any] | None:
    """Return the recorded baseline, or None before `baseline` ran."""
    path = config.root / BASELINE_DIR / "baseline.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def run_baseline(config: ProjectConfig, tag: str | None = None, reporter: Any = None):
    """Run the baseline: as the plan's baseline task when there is one, else on its own.

    Returns:
        A runner.PhaseResult (status done, already-done or failed).

    Raises:
        BaselineFailed: tests fail (exit 1) when run without a plan task.
        UsageError: dirty tree, tag on another commit, another run alive.
    """
    from . import runner
    from .plan import load_plan
    from .tracker import load_state

    reporter = reporter or runner.Reporter()
    git, recovered = runner.prepare(config, reporter)
    name = tag or runner.baseline_ref(config)
    plan = load_plan(config) if config.plan else None
    found = next(((p, t) for p, t in plan.tasks() if t.is_baseline), None) if plan else None
    if plan is None or found is None:
        runner.check_clean(git)
        runner.exclude_state(git, config.root)
        result = apply_action(ActionContext(config, tag=name), _BaselineOnly())
        return runner.PhaseResult("baseline", "Baseline", "done", result.summary, recovered=recovered,
                                  tasks=(runner.TaskResult("baseline", 0, "Baseline", "done", (result,)),))
    phase, task = found
    done = dict(load_state(config, plan).done)
    if task.id in done:
        if git.tag_target(name) is None:
            raise UsageError(
                f"the baseline is recorded done (commit {done[task.id].commit}) but tag {name!r} does not exist",
                hint=f"recreate it: git tag {name} {done[task.id].commit}",
            )
        return runner.PhaseResult(phase.id, phase.title, "already-done", f"baseline already done (tag {name})",
                                  recovered=recovered)
    runner.check_clean(git)
    return runner._transaction(config, git, plan, phase, [task], done, reporter, recovered, name)


class _BaselineOnly:
    kind = "baseline"

