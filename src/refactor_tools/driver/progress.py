"""The progress section of the Markdown plan: rendered from the plan, parsed back (pure).

The section keeps the shape people write by hand::

    ### ✅ Completed (2/5 tasks)

    1. **Phase 0: Pre-Migration Validation** ✅ - Completed 2026-01-31

       - All 12 baseline tests passing
       - Committed: 1a2b3c4

    ### 🔄 In Progress (1/5 tasks)
    ### ⏳ Pending (2/5 tasks)      (tasks grouped by phase: `- [ ] Task n: title`)

"In Progress" holds the next task to do (the first one not done, in plan order). Every
counter is computed from the plan. Only the section (from the Completed heading to the
next `#`/`##` heading or `---` rule) is rewritten; the rest of the document stays verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .plan import Plan

COMPLETED = "### ✅ Completed"
IN_PROGRESS = "### 🔄 In Progress"
PENDING = "### ⏳ Pending"
SECTION_TITLE = "## 📊 Implementation Progress"

_HEADING_COUNT = re.compile(r"^###\s+.*?\b(Completed|In Progress|Pending)\s*\((\d+)/(\d+) tasks?\)\s*$")
_SUBHEADING = re.compile(r"^###\s+.*?\b(Completed|In Progress|Pending)\b")
_ENTRY = re.compile(
    r"^(\d+)\.\s+\*\*(?:Phase\s+(\d+):\s+)?(.+?)\*\*\s*(?:✅\s*)?-\s*Completed\s+(\d{4}-\d{2}-\d{2})\s*$"
)
_BULLET = re.compile(r"^\s+[-*]\s+(.*?)\s*$")
_COMMITTED = re.compile(r"^Committed:\s*`?([0-9A-Za-z]+)`?\s*$")
_OPEN_TASK = re.compile(r"^\s*[-*]\s+\[( |x|X)\]\s+Task\s+(\d+):\s+(.+?)\s*$")
_END = re.compile(r"^(#{1,2}\s|---+\s*$|\*\*\*+\s*$)")


@dataclass(frozen=True)
class Entry:
    """A completed task as the Markdown records it."""

    number: int
    phase: int | None
    title: str
    date: str
    commit: str | None
    notes: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class ParsedProgress:
    """What the progress section says: entries, counters, open-task lines."""

    found: bool
    entries: tuple[Entry, ...]
    counters: tuple[tuple[str, int, int, int], ...]  # (name, count, total, line)
    open_tasks: tuple[tuple[str, int, str, int], ...]  # (name, number, title, line)


@dataclass(frozen=True)
class Done:
    """A task the tracker holds as done."""

    task_id: str
    number: int
    date: str
    commit: str | None
    notes: tuple[str, ...] = ()


def _span(lines: list[str]) -> tuple[int, int] | None:
    """Return [start, end) line indexes of the rewritable section, or None."""
    start = next((i for i, line in enumerate(lines) if _SUBHEADING.match(line) and "Completed" in line), None)
    if start is None:
        return None
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if _END.match(lines[i]):
            end = i
            break
    return start, end


def parse_progress(text: str) -> ParsedProgress:
    """Parse the progress section of a Markdown document."""
    lines = text.splitlines()
    span = _span(lines)
    if span is None:
        return ParsedProgress(False, (), (), ())
    heads: list[dict] = []  # one per completed entry; bullets collected under "notes"
    counters: list[tuple[str, int, int, int]] = []
    open_tasks: list[tuple[str, int, str, int]] = []
    current = ""
    for index in range(span[0], span[1]):
        line = lines[index]
        sub = _SUBHEADING.match(line)
        if sub:
            current = sub.group(1)
            counted = _HEADING_COUNT.match(line)
            if counted:
                counters.append((current, int(counted.group(2)), int(counted.group(3)), index + 1))
            continue
        if current != "Completed":
            task = _OPEN_TASK.match(line)
            if task:
                open_tasks.append((current, int(task.group(2)), task.group(3), index + 1))
            continue
        match = _ENTRY.match(line)
        if match:
            phase = int(match.group(2)) if match.group(2) is not None else None
            heads.append({"number": int(match.group(1)), "phase": phase, "title": match.group(3).strip(),
                          "date": match.group(4), "commit": None, "line": index + 1, "notes": []})
            continue
        bullet = _BULLET.match(line)
        if bullet and heads:
            committed = _COMMITTED.match(bullet.group(1))
            if committed:
                heads[-1]["commit"] = committed.group(1)
            else:
                heads[-1]["notes"].append(bullet.group(1))
    entries = tuple(Entry(**{**h, "notes": tuple(h["notes"])}) for h in heads)
    return ParsedProgress(True, entries, tuple(counters), tuple(open_tasks))


def _norm(title: str) -> str:
    return " ".join(title.replace("`", "").split()).casefold()


def match_entries(plan: Plan, parsed: ParsedProgress) -> tuple[dict[str, Done], list[str]]:
    """Map entries to plan tasks; return the done tasks and problems (entries matching none)."""
    done: dict[str, Done] = {}
    problems: list[str] = []
    pairs = plan.tasks()
    for entry in parsed.entries:
        candidates = [
            task
            for phase, task in pairs
            if _norm(task.title) == _norm(entry.title) and (entry.phase is None or phase.index == entry.phase)
        ]
        if len(candidates) > 1:
            candidates = [t for t in candidates if t.number == entry.number] or candidates[:1]
        if not candidates:
            problems.append(f"line {entry.line}: entry {entry.number} '{entry.title}' matches no task of the plan")
            continue
        task = candidates[0]
        if task.id in done:
            problems.append(f"line {entry.line}: task {task.number} '{task.title}' is recorded done twice")
            continue
        done[task.id] = Done(task.id, task.number, entry.date, entry.commit, entry.notes)
    return done, problems


def next_task_id(plan: Plan, done: dict[str, Done], skip: set[str] | frozenset[str] = frozenset()) -> str | None:
    """Return the id of the first task in plan order that is not done (tasks in `skip` ignored)."""
    return next((task.id for _, task in plan.tasks() if task.id not in done and task.id not in skip), None)


def render_section(plan: Plan, done: dict[str, Done]) -> str:
    """Render the Completed / In Progress / Pending subsections (trailing blank line included)."""
    pairs = plan.tasks()
    total = len(pairs)
    current = next_task_id(plan, done)
    completed = [(p, t) for p, t in pairs if t.id in done]
    in_progress = [(p, t) for p, t in pairs if t.id == current]
    pending = [(p, t) for p, t in pairs if t.id not in done and t.id != current]
    out = [f"{COMPLETED} ({len(completed)}/{total} tasks)", ""]
    if not completed:
        out += ["_None yet._", ""]
    for phase, task in completed:
        record = done[task.id]
        out += [f"{task.number}. **Phase {phase.index}: {task.title}** ✅ - Completed {record.date}", ""]
        out += [f"   - {note}" for note in record.notes]
        if record.commit:
            out.append(f"   - Committed: {record.commit}")
        out.append("")
    out += [f"{IN_PROGRESS} ({len(in_progress)}/{total} tasks)", ""]
    out += _grouped(in_progress) if in_progress else ["**All phases complete! ✅**", ""]
    out += [f"{PENDING} ({len(pending)}/{total} tasks)", ""]
    out += _grouped(pending) if pending else ["_Nothing pending._", ""]
    return "\n".join(out) + "\n"


def _grouped(pairs: list) -> list[str]:
    out: list[str] = []
    last = None
    for phase, task in pairs:
        if phase.id != last:
            if last is not None:
                out.append("")
            out += [f"**Phase {phase.index} ({phase.title}):**", ""]
            last = phase.id
        out.append(f"- [ ] Task {task.number}: {task.title}")
    return out + [""]


def replace_section(text: str, section: str, title: str) -> str:
    """Return `text` with the progress section replaced (or appended under `title`)."""
    lines = text.splitlines(keepends=True)
    span = _span([line.rstrip("\r\n") for line in lines])
    if span is None:
        heading = next((i for i, line in enumerate(lines) if "Implementation Progress" in line and line.startswith("## ")), None)
        if heading is None:
            prefix = text if text.endswith("\n") or not text else text + "\n"
            return f"{prefix}{'' if not prefix else chr(10)}{SECTION_TITLE}\n\n{section}"
        # insert after the heading's own block (intro text, blockquotes), before the next heading
        end = next((i for i in range(heading + 1, len(lines)) if _END.match(lines[i])), len(lines))
        before = "".join(lines[:end])
        if not before.endswith("\n\n"):
            before = before.rstrip("\n") + "\n\n"
        return before + section + "".join(lines[end:])
    start, end = span
    tail = "".join(lines[end:])
    return "".join(lines[:start]) + section + tail


def document_for(plan: Plan) -> str:
    """Return a new progress document for a plan that has none yet."""
    return f"# {plan.plan.title}\n\n{SECTION_TITLE}\n\n"
