"""The migration driver: plan, progress tracker, phase runs with gates and exact rollback.

Python API (each CLI command is a thin layer over one of these)::

    from refactor_tools.config import load_config
    from refactor_tools.driver import (load_plan, run_phase, run_all, run_baseline, status,
                                       verify, complete_task, register_action, register_codemod,
                                       register_gate)

    config = load_config(root)
    plan = load_plan(config)                    # Plan; ConfigError "<file>: <key path>: ..."
    result = run_baseline(config, tag=None)     # PhaseResult (baseline task of the plan)
    result = run_phase(config, "phase-1", dry_run=False, reporter=None)   # PhaseResult
    results = run_all(config, dry_run=False)    # RunAllResult(phases=(PhaseResult, ...))
    report = status(config)                     # StatusReport(rows=(TaskRow, ...)).counts()
    check = verify(config)                      # VerifyReport(problems, checked).ok
    complete_task(config, "task-id-or-number")  # CompleteResult; records HEAD's hash

`PhaseResult` fields: phase, title, status (done | already-done | failed | dry-run), message,
tasks (TaskResult: task, number, title, status, actions, gates, commit, progress_commit,
duration), start_commit, failed_step, failure (details), diff (dry run), recovered
(message when an interrupted run was undone), exit_code, duration. Gates report
`GateResult(name, ok, summary, details, duration, metrics)`; actions `ActionResult(kind,
summary, changed, notes, tags_created)`. Pass a `Reporter` subclass to follow a run live.

Extension points: `register_action(kind)` (implementation of a plan action kind),
`register_codemod(name, "module:function")` (the `codemod` action; the function is called as
`function(config, options, dry_run)`), `register_gate(name)`. Modules `plan`, `progress`
(pure Markdown render/parse), `tracker`, `runner`, `gates`, `actions`, `baseline`, `journal`,
`dryrun`, `demo` and `render` document the details; git, pyproject, the state folder and
processes are reached through `refactor_tools.adapters`.
"""

from __future__ import annotations

from .actions import ActionContext, ActionResult, apply_action, known_codemods, register_action, register_codemod
from .gates import GateResult, factory_available, register_gate, run_gate
from .plan import Plan, load_plan, parse_plan
from .runner import PhaseResult, PhaseRun, Reporter, RunAllResult, TaskResult, run_all, run_baseline, run_phase
from .tracker import CompleteResult, StatusReport, VerifyReport, complete_task, status, verify

__all__ = [
    "ActionContext",
    "ActionResult",
    "CompleteResult",
    "GateResult",
    "PhaseResult",
    "PhaseRun",
    "Plan",
    "Reporter",
    "RunAllResult",
    "StatusReport",
    "TaskResult",
    "VerifyReport",
    "apply_action",
    "complete_task",
    "factory_available",
    "known_codemods",
    "load_plan",
    "parse_plan",
    "register_action",
    "register_codemod",
    "register_gate",
    "run_all",
    "run_baseline",
    "run_gate",
    "run_phase",
    "status",
    "verify",
]
