"""Dry runs: apply a plan's actions in a scratch worktree at HEAD and return the unified diff."""

from __future__ import annotations

from typing import Any

from ..adapters.git import Git
from ..config import ProjectConfig, load_config
from .actions import ActionContext, apply_action
from .plan import Phase, Task


def dry_run_diff(config: ProjectConfig, git: Git, work: list[tuple[Phase, list[Task]]], reporter: Any) -> str:
    """Apply the tasks' actions in a scratch worktree at HEAD and return the unified diff."""
    head = git.head()
    with git.worktree(head) as tree:
        scratch = Git(tree)
        scratch_config = load_config(tree / git.rel(config.root))
        for phase, tasks in work:
            reporter.phase_started(phase, tasks)
            for task in tasks:
                for action in task.actions:
                    step = f"action {action.kind}"
                    reporter.step_started(task, step)
                    if action.kind == "baseline":
                        reporter.step_done(task, step, True, "would run the baseline (tests, specs, tag)")
                        continue
                    result = apply_action(ActionContext(scratch_config, False, phase.id, task.id), action)
                    reporter.step_done(task, step, True, result.summary)
                    if result.config_changed:
                        scratch_config = load_config(scratch_config.root)
        scratch.run("add", "--all")
        return scratch.run("diff", "--cached", "--no-color", "-M", "--no-ext-diff", head)
