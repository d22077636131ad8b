"""The pre-migration baseline: tests green and counted, specs exported, the spec ref tagged.

Three things share the word "baseline" for the user (`baseline` command and key, the
`boundaries.baseline` file); in code each has its own name:

- the **baseline record** (`.refactor-tools/baseline/baseline.json`: test counts, coverage,
  commit, tag) and the specs exported beside it, written by the `baseline` plan action;
- the **spec ref**: the git tag the action creates, which spec gates and `diff-specs` compare
  with (`[tool.refactor-tools] baseline`, default `pre-modular-baseline`);
- the **known-violations file** of `check-boundaries` (`[tool.refactor-tools.boundaries]
  baseline`), which this module never touches.

Public API:
    spec_ref(config) -> str                       the configured spec ref
    run_baseline_action(ctx) -> ActionResult      the `baseline` plan action (registered here)
    read_baseline_record(root) -> dict | None     the baseline record (`baseline_record`)

The action runs what the gates will hold every task to (`gates.baseline_checks`): the
`before-tests` commands, the suite (with the project's `env-file`/`env`, like every gate) and the
`gate` commands. It refuses (ProblemsFound, exit 1) when any of them fails, and refuses
(UsageError) when the tag already names another commit than HEAD. It writes `openapi.json`,
`asyncapi.json` and `baseline.json` under `.refactor-tools/baseline/`, which the driver keeps
out of git, and creates an annotated tag at HEAD unless it already points there. Coverage is
measured when pytest-cov is installed (else reported as "not measured"); the record keeps the
exact total (`coverage_percent`, coverage.py's `percent_covered`) for the coverage gate, and a
rounded text (`coverage`, e.g. "87.53%") for people. The `baseline` command itself is
`runner.run_baseline`.
"""

from __future__ import annotations

from typing import Any

from ..adapters.git import Git
from ..adapters.state import dumps_json
from ..config import ProjectConfig
from ..errors import ProblemsFound, UsageError
from .actions import ActionContext, ActionResult, register_action
from .baseline_record import record_dir
from .gates import baseline_checks

DEFAULT_SPEC_REF = "pre-modular-baseline"


class BaselineFailed(ProblemsFound):
    """The baseline's tests do not all pass (exit 1)."""


def spec_ref(config: ProjectConfig) -> str:
    """Return the configured spec ref, the baseline tag (default `pre-modular-baseline`)."""
    return config.baseline or DEFAULT_SPEC_REF


def percent_text(percent: float) -> str:
    """Return a coverage percentage for people: two decimals at most, e.g. '100%', '87.53%'."""
    return f"{percent:.2f}".rstrip("0").rstrip(".") + "%"


def _refuse_command(result: Any) -> None:
    raise BaselineFailed(
        f"the baseline needs every gate passing; {result.name}: {result.summary}"
        + "".join(f"\n  {line}" for line in result.details),
        hint="fix the project (or the command) before starting the migration",
    )


@register_action("baseline")
def run_baseline_action(ctx: ActionContext, action: Any = None) -> ActionResult:
    """Run the tests, export the specs, write the baseline record and tag HEAD as the spec ref."""
    config = ctx.config
    tag = ctx.tag or spec_ref(config)
    git = Git(config.root)
    head = git.head()
    existing = git.tag_target(tag)
    if existing and existing != head:
        raise UsageError(
            f"tag {tag!r} already names commit {git.short(existing)}, not HEAD ({git.short(head)})",
            hint="pass --tag NAME for a new baseline, or delete the old tag",
        )
    run, commands = baseline_checks(config)
    failed = next((c for c in commands if not c.ok), None)
    if run is None and failed is not None:  # a before-tests command: the suite did not run
        _refuse_command(failed)
    if not run.ok:
        failures = [line for line in run.output.splitlines() if line.startswith(("FAILED ", "ERROR "))]
        raise BaselineFailed(
            f"the baseline needs every test passing; got {run.describe()}"
            + "".join(f"\n  {line}" for line in failures[:20]),
            hint="fix the tests before starting the migration",
        )
    if failed is not None:
        _refuse_command(failed)
    percent = run.coverage  # exact, from coverage.py's JSON report of the same run
    coverage = percent_text(percent) if percent is not None else None
    out = record_dir(config.root)
    out.mkdir(parents=True, exist_ok=True)
    exported: list[str] = []
    if config.section("specs"):
        from ..specs import export_specs

        exported = sorted(f.path.name for f in export_specs(config, out).files)
    record = {
        "commit": head,
        "coverage": coverage,
        "coverage_percent": percent,
        "specs": exported,
        "tag": tag,
        "tests": run.counts,
    }
    (out / "baseline.json").write_text(dumps_json(record), encoding="utf-8")
    created: tuple[str, ...] = ()
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
