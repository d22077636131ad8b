"""Lookahead: the next task's tests stage, run in a scratch worktree while this task's gates run.

Public API:
    TaskLookahead(config, git, phase_id, task, beside, tag, during)
                                 `start()`, `cancel()`, `wait()` -> Ahead, `stop()`
    Ahead(ok, records, reason, seconds)              what the main thread takes over
    LOOKAHEAD_KINDS                                  the action kinds a lookahead may apply
    starts_before_actions(task) -> bool              the next task may start before this one's actions

A sequential suite keeps one core busy; a phase's tasks run one after another. With
`[tool.refactor-tools.driver] lookahead = true` (or `run --lookahead`), when a task's gates
start, the next task (of the phase; under `run --all`, after a phase's last task, the next
phase's first: `phase_run.LookaheadChain`) is applied to a copy of the tree as it is now (a
detached worktree at HEAD plus the run's uncommitted changes, and the env-file and the specs'
`copy-untracked` files) and its tests stage (before-tests commands, the suite with the with-tests
commands beside it, the gate commands) runs there, beside the current task's gates.

Nothing of the lookahead is trusted as such: its green results become green records
(`gatecache`) keyed, as always, by the digest of the tree it ran on. When the run reaches the
next task in the real tree, those gates are skipped only if the real tree, configuration and
environment give the same key; anything that differs (a gate or hook that edited the tree, a
changed configuration) means the gates run as without the lookahead. A failing lookahead is
dropped: the real run finds and reports the failure itself. So the lookahead changes how long a
phase takes, never its verdict, within the contract of `skip-unchanged` (inputs are the files
git sees, the gate configuration and the environment; the folder's path, ignored files such as
a local database and other outside state are not). Suites that share state outside the tree (one
PostgreSQL database, a fixed port) must not run twice at once: keep the lookahead off for them.

The lookahead applies only the action kinds in LOOKAHEAD_KINDS (they change files and nothing
else: no tags, no commits). Beside a task whose actions change no file git sees (the baseline,
which runs the suite with coverage), the next task's lookahead starts before those actions. Its
processes belong to it (`run.owned_by`): `cancel()` ends them when the real task fails or the
run is interrupted, and the worktree is removed however it ends.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..adapters.git import Git
from ..adapters.run import ChildGroups, owned_by
from ..config import ProjectConfig, load_config
from .plan import Task

LOOKAHEAD_KINDS = frozenset({"move", "remove-shims", "scaffold", "codemod", "config"})
# Action kinds that change no file git sees (the baseline writes ignored state and a tag): the
# next task's lookahead may start before such a task's actions, beside all of its run.
TREE_NEUTRAL_KINDS = frozenset({"baseline"})


@dataclass(frozen=True)
class Ahead:
    """A finished lookahead: green records to hand over (key, gate, summary, metrics)."""

    ok: bool
    records: tuple[tuple[str, str, str, dict[str, Any]], ...] = ()
    reason: str = ""
    seconds: float = 0.0


class _Cancelled(Exception):
    pass


def _deferred_records(root: Path, exclude: tuple[str, ...], path: Path) -> Any:
    """Return GreenRecords of the worktree that read the real tree's record file at `path` and
    keep new green records in `.pending` for the main thread, which alone writes that file."""
    from .gatecache import GreenRecords

    class Deferred(GreenRecords):
        pending: list[tuple[str, str, str, dict[str, Any]]]

        def put(self, key: str, gate: str, summary: str, metrics: dict[str, Any], note: str | None = None) -> None:
            self.pending.append((key, gate, summary, metrics))

    records = Deferred(root, exclude)
    records.path, records.pending = path, []
    return records


def lookahead_possible(task: Task) -> bool:
    """Return True when the task's tests gate is on and all its actions only change files."""
    return task.gates.tests not in (False, "skip") and all(a.kind in LOOKAHEAD_KINDS for a in task.actions)


def starts_before_actions(task: Task) -> bool:
    """Return True when the task's actions leave the tree as it is, so that the next task's
    lookahead may start before them (the baseline's own suite run then has company)."""
    return bool(task.actions) and all(a.kind in TREE_NEUTRAL_KINDS for a in task.actions)


class TaskLookahead:
    """One task's tests stage, run ahead in a scratch worktree by a thread (see the module)."""

    def __init__(self, config: ProjectConfig, git: Git, phase_id: str, task: Task, beside: Task,
                 tag: str | None = None, during: str = "gates") -> None:
        self.config = config
        self.git = git
        self.phase_id = phase_id
        self.task = task
        self.beside = beside  # the task whose gates (or actions: `during`) it runs beside
        self.during = during
        self.tag = tag
        self.children = ChildGroups()
        self._result: Ahead | None = None
        self._thread = threading.Thread(target=self._run, name=f"refactor-tools-lookahead-{task.id}", daemon=True)

    def start(self) -> TaskLookahead:
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stop what runs (its process groups get SIGTERM) and let nothing else start."""
        self.children.cancel()

    def wait(self) -> Ahead:
        """Wait for the thread (its worktree is removed by then) and return what it found."""
        self._thread.join()
        return self._result or Ahead(False, reason="no result")

    def stop(self) -> None:
        """Cancel, and wait until its processes and worktree are gone (for a lookahead nobody takes)."""
        self.cancel()
        self.wait()

    def _check(self) -> None:
        if self.children.cancelled:
            raise _Cancelled

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            with owned_by(self.children):
                ok, records, reason = self._verify()
        except _Cancelled:
            ok, records, reason = False, [], "cancelled"
        except Exception as exc:  # noqa: BLE001 - a lookahead never fails the run: the real task decides
            ok, records, reason = False, [], f"{type(exc).__name__}: {exc}"
        self._result = Ahead(ok, tuple(records), reason, round(time.perf_counter() - started, 3))

    def _verify(self) -> tuple[bool, list[Any], str]:
        from .actions import ActionContext, apply_action
        from .gatecache import GreenRecords
        from .gates import _TaskGates

        real = GreenRecords(self.config.root)
        with self.git.worktree(self.git.head()) as tree:
            self._check()
            root = tree / self.git.rel(self.config.root)
            copy_changes(self.git, tree)
            copy_inputs(self.config, root)
            config = load_config(root)
            for action in self.task.actions:
                self._check()
                result = apply_action(ActionContext(config, False, self.phase_id, self.task.id, self.tag), action)
                if result.config_changed:
                    config = load_config(root)
            deferred = _deferred_records(root, (config.progress,) if config.progress else (), real.path)
            gates = _TaskGates(config, "", records=deferred)
            for name, run in gates.steps({"tests": self.task.gates.tests}, coverage=False):
                self._check()
                gate = run()
                if not gate.ok:
                    return False, [], f"gate {name}: {gate.summary}"
            self._check()
            return True, deferred.pending, ""


def copy_changes(git: Git, tree: Path) -> list[str]:
    """Make the worktree `tree` (checked out at HEAD) hold what the real tree holds now.

    Copies every file that differs from HEAD (staged or not) and every untracked file git sees
    (not ignored), and removes what the real tree deleted. Returns the paths, relative to the
    repository's top folder.
    """
    top = Path(git.run("rev-parse", "--show-toplevel").strip())
    changed = git.run("diff", "--name-only", "-z", "--no-renames", "HEAD").split("\0")
    untracked = git.run("ls-files", "-z", "--others", "--exclude-standard", "--full-name", ":/").split("\0")
    paths = sorted({p for p in (*changed, *untracked) if p})
    for rel in paths:
        source, target = top / rel, tree / rel
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
        if source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(source), target)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return paths


def copy_inputs(config: ProjectConfig, root: Path) -> list[str]:
    """Copy the ignored files a gate reads from the project root: the env-file, the specs'
    `copy-untracked` entries. Returns those copied (relative paths)."""
    names: list[str] = []
    env_file = config.table.get("env-file")
    if isinstance(env_file, str):
        names.append(env_file)
    extra = config.section("specs").get("copy-untracked", [])
    if isinstance(extra, list):
        names += [n for n in extra if isinstance(n, str)]
    copied = []
    for name in names:
        source, target = config.root / name, root / name
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied.append(name)
    return copied
