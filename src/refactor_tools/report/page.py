"""The migration report as one self-contained HTML page (inline CSS and SVG, no scripts)."""

from __future__ import annotations

from html import escape

from ..graph.layout import to_svg
from ..graph.page import LEGEND, STYLE
from .model import FindingView, GateRun, GraphSide, MigrationReport, Point, TaskEntry

EXTRA_STYLE = """
.sides { display: flex; gap: 2em; flex-wrap: wrap; align-items: flex-start; }
.side { border: 1px solid #c9d2de; padding: .5em 1em; overflow-x: auto; max-width: 100%; }
.state-done { color: #1b7a3a; } .state-in-progress { color: #b26a00; } .state-pending { color: #6b7686; }
code { font-size: .9em; } .notes { margin: 0; padding-left: 1.2em; font-size: .85em; }
.gate-runs, .steps, .findings { margin: 0; padding-left: 1.2em; font-size: .85em; }
.gate-ok > .mark { color: #1b7a3a; } .gate-failed > .mark { color: #d32f2f; }
.finding-severe > code { color: #d32f2f; } .finding-allowed > code { color: #6b7686; }
.seconds { color: #6b7686; } .run-head { margin: 0; font-size: .85em; }
pre.reason { margin: .2em 0; font-size: .8em; white-space: pre-wrap; max-width: 60em; }
"""
SYMBOL = {True: "\u2713", False: "\u2717"}
RUN_TITLE = {"done": "gates run", "failed": "last attempt failed", "rolled-back": "last attempt rolled back",
             "interrupted": "last attempt interrupted"}


def to_html(report: MigrationReport) -> str:
    """Return the whole page."""
    counts = report.counts()
    title = f"Migration report: {report.title}"
    summary = f"{counts['done']} of {len(report.tasks)} tasks done, {counts['in-progress']} in progress, {counts['pending']} pending"
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
        f"<title>{escape(title)}</title>\n<style>{STYLE}{EXTRA_STYLE}</style>\n</head>\n<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p id="summary">Plan <code>{escape(report.plan)}</code>: {escape(summary)}.</p>',
        "<h2>Phases and tasks</h2>",
        _phases(report.tasks),
        "<h2>Module graph: baseline and now</h2>",
        LEGEND,
        '<div class="sides">',
        _side(report.before, "graph-before"),
        _side(report.now, "graph-now"),
        "</div>",
        "<h2>Boundary violations over the migration</h2>",
        _chart(report.series),
        "</body>\n</html>\n",
    ]
    return "\n".join(parts)


def _phases(tasks: tuple[TaskEntry, ...]) -> str:
    out = []
    current = None
    for task in tasks:
        if task.phase != current:
            if current is not None:
                out.append("</table></section>")
            current = task.phase
            out.append(
                f'<section class="phase" id="{escape(task.phase)}"><h3>{escape(task.phase)}: '
                f"{escape(task.phase_title)}</h3>"
            )
            out.append(
                "<table><tr><th>#</th><th>task</th><th>status</th><th>date</th><th>commit</th>"
                "<th>gates</th><th>gate runs</th><th>recorded</th></tr>"
            )
        commit = (
            f'<code title="{escape(task.commit)}">{escape(task.commit[:10])}</code>'
            if task.commit
            else ""
        )
        notes = "".join(f"<li>{escape(n)}</li>" for n in task.notes)
        out.append(
            f'<tr class="task" data-task="{escape(task.task)}"><td>{task.number}</td><td>{escape(task.title)}'
            f"<br><code>{escape(task.task)}</code></td>"
            f'<td class="state-{escape(task.state)}">{escape(task.state)}</td><td>{escape(task.date or "")}</td>'
            f"<td>{commit}</td><td>{escape(', '.join(task.gates))}</td><td>{_task_run(task)}</td>"
            f"<td>{f'<ul class=notes>{notes}</ul>' if notes else ''}</td></tr>"
        )
    if current is not None:
        out.append("</table></section>")
    return "\n".join(out)


def _task_run(task: TaskEntry) -> str:
    run = task.run
    if run is None:
        return f'<p class="note">{escape(task.run_note)}</p>' if task.run_note else ""
    head = (f'<p class="run-head" data-status="{escape(run.status)}">{escape(RUN_TITLE.get(run.status, run.status))}'
            f' {escape(run.finished)}, <span class="seconds">{run.duration:.1f} s</span></p>')
    gates = "".join(_gate_run(g) for g in run.gates)
    return head + (f'<ul class="gate-runs">{gates}</ul>' if gates else '<p class="note">no gate ran</p>')


def _gate_run(gate: GateRun, css: str = "gate") -> str:
    state = "ok" if gate.ok else "failed"
    skipped = " (skipped)" if gate.skipped else ""
    out = [
        f'<li class="{css} gate-{state}" data-gate="{escape(gate.name)}" data-seconds="{gate.duration:.3f}">'
        f'<span class="mark">{SYMBOL[gate.ok]}</span> {escape(gate.name)}{skipped} '
        f'<span class="seconds">{gate.duration:.1f} s</span>: {escape(gate.summary)}'
    ]
    if gate.steps:
        out.append('<ul class="steps">' + "".join(_gate_run(s, "step") for s in gate.steps) + "</ul>")
    elif gate.findings:
        out.append(_findings(gate.findings, open_=not gate.ok))
    out.append("</li>")
    return "".join(out)


def _findings(findings: tuple[FindingView, ...], open_: bool) -> str:
    items = []
    for finding in findings:
        css = "finding-severe" if finding.severe else "finding-allowed"
        body = f'<pre class="reason">{escape(chr(10).join(finding.lines))}</pre>' if finding.lines else ""
        items.append(f'<li class="finding {css}" data-kind="{escape(finding.kind)}">'
                     f"<code>{escape(finding.headline)}</code>{body}</li>")
    opened = " open" if open_ else ""
    return (f"<details{opened}><summary>{len(findings)} finding(s)</summary>"
            f'<ul class="findings">{"".join(items)}</ul></details>')


def _side(side: GraphSide, element_id: str) -> str:
    head = (
        f"<h3>{escape(side.label)}"
        + (f" <code>{escape(side.commit[:10])}</code>" if side.commit else "")
        + "</h3>"
    )
    note = f'<p class="note">{escape(side.note)}</p>' if side.note else ""
    body = to_svg(side.graph, element_id=element_id) if side.graph else ""
    return f'<div class="side" id="{element_id}-side">{head}{note}{body}</div>'


def _chart(points: tuple[Point, ...]) -> str:
    if not points:
        return '<p class="note">No commits recorded yet.</p>'
    known = [p.count for p in points if p.count is not None]
    top = max(known, default=0) or 1
    step, height, left, bottom = 70, 160, 40, 40
    width = left + step * len(points) + 20
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" id="violations-chart" width="{width}" '
            f'height="{height + bottom}" viewBox="0 0 {width} {height + bottom}" role="img" '
            'aria-label="boundary violations per commit">'
        ),
        f'<line x1="{left}" y1="{height}" x2="{width - 10}" y2="{height}" stroke="#6b7686"/>',
        f'<text x="4" y="{height}" font-size="10">0</text><text x="4" y="24" font-size="10">{top}</text>',
    ]
    coords = []
    for index, point in enumerate(points):
        x = left + step * index + step / 2
        label = escape(point.label)
        out.append(
            f'<text x="{x:.0f}" y="{height + 16}" font-size="10" text-anchor="middle">{label}</text>'
        )
        out.append(
            f'<text x="{x:.0f}" y="{height + 30}" font-size="9" text-anchor="middle" fill="#6b7686">'
            f"{escape(point.commit[:7])}</text>"
        )
        if point.count is None:
            out.append(
                f'<text x="{x:.0f}" y="{height - 6}" font-size="10" text-anchor="middle" fill="#6b7686">'
                f"n/a<title>{escape(point.note)}</title></text>"
            )
            coords.append(None)
            continue
        y = height - (height - 24) * point.count / top
        coords.append((x, y))
        out.append(
            f'<circle class="point" cx="{x:.0f}" cy="{y:.1f}" r="4" fill="#d32f2f">'
            f"<title>{label}: {point.count} violation(s)</title></circle>"
        )
        out.append(
            f'<text x="{x:.0f}" y="{y - 8:.1f}" font-size="10" text-anchor="middle">{point.count}</text>'
        )
    run: list[str] = []
    for coord in [*coords, None]:  # one polyline per stretch of measurable commits
        if coord is None:
            if len(run) > 1:
                out.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="#d32f2f"/>'
                )
            run = []
        else:
            run.append(f"{coord[0]:.0f},{coord[1]:.1f}")
    out.append("</svg>")
    return "\n".join(out)
