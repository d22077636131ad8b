"""The progress tracker: task state read from (and written to) the Markdown progress section.

Public API:
    load_state(config, plan) -> State            what the Markdown records as done
    save_progress(config, plan, done)            rewrite only the progress section
    status(config) -> StatusReport               every task with its state, date and commit
    verify(config) -> VerifyReport               recorded hashes exist and are in order,
                                                 counters and lists agree with the entries
    complete_task(config, task, notes=()) -> CompleteResult
                                                 record a task done by hand (commit = HEAD)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..config import ProjectConfig
from ..errors import ConfigError, UsageError
from ..fileio import inside, read_text
from ..fileio import write_atomic as write_text_atomic
from . import progress
from .plan import Plan, load_plan


_RECORDING = re.compile(r"(?:: record task (\d+) done$|^progress: task (\d+) done \()")


@dataclass(frozen=True)
class State:
    """The progress document and the done tasks it records."""

    path: Path
    text: str
    parsed: progress.ParsedProgress
    done: dict[str, progress.Done]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class TaskRow:
    """One task in the status table."""

    phase: str
    phase_title: str
    number: int
    task: str
    title: str
    state: str  # done | in-progress | pending
    date: str | None
    commit: str | None


@dataclass(frozen=True)
class StatusReport:
    """The plan's progress."""

    plan: str
    title: str
    rows: tuple[TaskRow, ...]

    def counts(self) -> dict[str, int]:
        """Return done / in-progress / pending / total counts."""
        out = {"done": 0, "in-progress": 0, "pending": 0}
        for row in self.rows:
            out[row.state] += 1
        return {**out, "total": len(self.rows)}


@dataclass(frozen=True)
class VerifyReport:
    """What `status --verify` found; `ok` when nothing."""

    problems: tuple[str, ...]
    checked: int
    added: tuple[str, ...] = ()  # tasks of the plan the progress section does not list yet

    @property
    def ok(self) -> bool:
        """Return True when the progress section agrees with the plan and the history."""
        return not self.problems


@dataclass(frozen=True)
class CompleteResult:
    """What `complete TASK` recorded."""

    task: str
    number: int
    title: str
    already_done: bool
    commit: str | None
    progress_commit: str | None


def progress_path(config: ProjectConfig) -> Path:
    """Return the progress document's path, or raise ConfigError when none is configured."""
    if not config.progress:
        raise ConfigError(
            "no progress document configured",
            file=str(config.pyproject),
            key="tool.refactor-tools.progress",
            hint='set progress = "plans/<name>.md"',
        )
    return inside(config.root, config.progress, what="[tool.refactor-tools] progress")


def load_state(config: ProjectConfig, plan: Plan) -> State:
    """Read the progress section; a missing document means nothing is done yet."""
    path = progress_path(config)
    text = read_text(path) if path.exists() else ""
    parsed = progress.parse_progress(text)
    done, problems = progress.match_entries(plan, parsed)
    return State(path, text, parsed, done, tuple(problems))


def save_progress(config: ProjectConfig, plan: Plan, done: dict[str, progress.Done]) -> Path:
    """Rewrite the progress section from the plan and `done`; return the document's path."""
    path = progress_path(config)
    text = read_text(path) if path.exists() else progress.document_for(plan)
    new = progress.replace_section(text, progress.render_section(plan, done), progress.SECTION_TITLE)
    if new != text or not path.exists():
        write_text_atomic(path, new)
    return path


def today() -> str:
    """Return today's date as YYYY-MM-DD."""
    return date.today().isoformat()


def status(config: ProjectConfig) -> StatusReport:
    """Return every task of the plan with its recorded state."""
    plan = load_plan(config)
    state = load_state(config, plan)
    current = progress.next_task_id(plan, state.done)
    rows = []
    for phase, task in plan.tasks():
        record = state.done.get(task.id)
        label = "done" if record else "in-progress" if task.id == current else "pending"
        rows.append(
            TaskRow(phase.id, phase.title, task.number, task.id, task.title, label,
                    record.date if record else None, record.commit if record else None)
        )
    return StatusReport(plan.plan.name, plan.plan.title, tuple(rows))


def verify(config: ProjectConfig) -> VerifyReport:
    """Check the progress section against the plan and the git history.

    Reports: entries that match no task, recorded hashes that name no commit (or a commit
    outside HEAD's history), tasks recorded done out of plan order (before a task that is
    not done, with an older commit or date than an earlier task), counters that disagree
    with the entries or the plan, and open-task lists that disagree with the entries.
    """
    from ..adapters.git import Git

    plan = load_plan(config)
    state = load_state(config, plan)
    rel = state.path.relative_to(config.root).as_posix()
    problems = [f"{rel}: {p}" for p in state.problems]
    if not state.parsed.found:
        problems.append(f"{rel}: no progress section (a '### ✅ Completed (X/N tasks)' heading)")
        return VerifyReport(tuple(problems), 0)
    git = Git(config.root)
    head = git.head()
    recordings = _recording_commits(git)
    pairs = plan.tasks()
    previous: tuple[int, str, str | None] | None = None  # (number, date, full hash)
    seen_gap: str | None = None
    for _, task in pairs:
        record = state.done.get(task.id)
        if record is None:
            seen_gap = seen_gap or f"{task.number} '{task.title}'"
            continue
        label = f"task {task.number} '{task.title}'"
        if seen_gap:
            problems.append(f"{rel}: {label} is recorded done but task {seen_gap} before it is not")
        full = None
        if not record.commit:
            problems.append(f"{rel}: {label} has no 'Committed: <hash>' line")
        else:
            full = git.resolve(record.commit)
            if full is None:
                problems.append(f"{rel}: {label} records commit {record.commit}, which does not exist")
            elif not git.is_ancestor(full, head):
                problems.append(f"{rel}: {label} records commit {record.commit}, which is not in the history of HEAD")
            else:
                problems += _recording_problem(rel, label, task.number, full, record.commit, recordings)
        if previous is not None:
            if record.date < previous[1]:
                problems.append(f"{rel}: {label} is dated {record.date}, before task {previous[0]} ({previous[1]})")
            if full and previous[2] and not git.is_ancestor(previous[2], full):
                problems.append(f"{rel}: {label} records commit {record.commit}, older than task {previous[0]}'s")
        previous = (task.number, record.date, full or (previous[2] if previous else None))
    added = _added_tasks(plan, state)
    problems += _counter_problems(rel, plan, state, added)
    return VerifyReport(tuple(problems), len(state.parsed.entries),
                        tuple(f"{t.number} '{t.title}'" for t in added))


def _recording_commits(git: Any) -> dict[int, tuple[str, str]]:
    """Return {task number: (recording commit, its parent)} for the newest commit recording each task.

    The driver commits `<phase>: record task N done` right after the task's code commit (or on
    HEAD when the task changed nothing); `complete` commits `progress: task N done (...)` on the
    commit it records. Either way the recorded commit is the recording commit's parent.
    """
    out = git.run("log", "--first-parent", "--format=%H %P%x09%s", "HEAD")
    found: dict[int, tuple[str, str]] = {}
    for line in out.splitlines():
        hashes, _, subject = line.partition("\t")
        match = _RECORDING.search(subject)
        parts = hashes.split()
        if match and len(parts) >= 2:
            found.setdefault(int(match.group(1) or match.group(2)), (parts[0], parts[1]))
    return found


def _recording_problem(rel: str, label: str, number: int, full: str, shown: str,
                       recordings: dict[int, tuple[str, str]]) -> list[str]:
    recording = recordings.get(number)
    if recording is None:
        return [f"{rel}: {label} records commit {shown}, but no commit in the history records the task done "
                "(the driver's `record task N done` or `complete`'s `progress: task N done`)"]
    if recording[1] != full:
        return [f"{rel}: {label} records commit {shown}, but the task's work was committed as {recording[1][:7]} "
                f"(recorded by {recording[0][:7]})"]
    return []


def _added_tasks(plan: Plan, state: State) -> list[Any]:
    """Return the plan's tasks the progress section does not know yet (added since it was written)."""
    listed = {number for _, number, _, _ in state.parsed.open_tasks}
    return [task for _, task in plan.tasks() if task.id not in state.done and task.number not in listed]


def _counter_problems(rel: str, plan: Plan, state: State, added: list[Any] = ()) -> list[str]:
    # Tasks added to the plan since the section was written are pending: the counters are
    # checked as the section was rendered, and `status --write` brings them up to date.
    skip = {task.id for task in added}
    total = len(plan.tasks()) - len(skip)
    current = progress.next_task_id(plan, state.done, skip=skip)
    expected = {
        "Completed": len(state.done),
        "In Progress": 1 if current else 0,
        "Pending": total - len(state.done) - (1 if current else 0),
    }
    problems = []
    seen = set()
    for name, count, of, line in state.parsed.counters:
        seen.add(name)
        if count != expected[name] or of != total:
            problems.append(
                f"{rel}:{line}: counter '{name} ({count}/{of} tasks)' disagrees with the entries:"
                f" expected ({expected[name]}/{total} tasks)"
            )
    problems += [f"{rel}: missing counter heading '{name}'" for name in expected if name not in seen]
    numbers = {task.number: task for _, task in plan.tasks()}
    listed = set()
    for section, number, _title, line in state.parsed.open_tasks:
        listed.add(number)
        task = numbers.get(number)
        if task is None:
            problems.append(f"{rel}:{line}: Task {number} under '{section}' is not in the plan")
        elif task.id in state.done:
            problems.append(f"{rel}:{line}: Task {number} is listed under '{section}' but recorded done")
    return problems


def complete_task(config: ProjectConfig, ref: str, notes: tuple[str, ...] = ()) -> CompleteResult:
    """Record a task done by hand at HEAD and commit the progress document.

    Raises:
        UsageError: unknown task, or an earlier task is not done yet.
    """
    from ..adapters.git import Git
    from .restore import recover

    git = Git(config.root)
    recover(git, config.root)
    plan = load_plan(config)
    _, task = plan.task(ref)
    state = load_state(config, plan)
    if task.id in state.done:
        record = state.done[task.id]
        return CompleteResult(task.id, task.number, task.title, True, record.commit, None)
    missing = next((t for _, t in plan.tasks() if t.number < task.number and t.id not in state.done), None)
    if missing is not None:
        raise UsageError(
            f"task {task.number} '{task.title}' cannot be recorded before task {missing.number} '{missing.title}'",
            hint=f"complete or run task {missing.number} first",
        )
    commit = git.short(git.head())
    done = dict(state.done)
    done[task.id] = progress.Done(task.id, task.number, today(), commit, tuple(notes) or ("Completed by hand",))
    path = save_progress(config, plan, done)
    progress_commit = git.commit_paths(f"progress: task {task.number} done ({task.title})", [git.rel(path)])
    return CompleteResult(task.id, task.number, task.title, False, commit, progress_commit)


def write_progress(config: ProjectConfig) -> tuple[str, str | None]:
    """Re-render the progress section from the plan (tasks added since appear) and commit it.

    Returns:
        The document's path (relative to the project) and the new commit, or None when the
        section was already up to date.
    """
    from ..adapters.git import Git

    plan = load_plan(config)
    state = load_state(config, plan)
    git = Git(config.root)
    before = state.text
    path = save_progress(config, plan, dict(state.done))
    rel = path.relative_to(config.root).as_posix()
    if read_text(path) == before:
        return rel, None
    return rel, git.short(git.commit_paths("progress: re-render the progress section", [git.rel(path)]))
