"""GitHub Actions workflow commands: one `::error` annotation per problem."""

from __future__ import annotations

from ..model import BoundaryReport
from . import summary_line


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: BoundaryReport, max_details: int | None) -> str:
    """Return annotations for new violations, stale entries and guards, then the summary."""
    lines = []
    for v in report.new:
        message = f"{v.importer} -> {v.imported}\n{v.statement}"
        if v.chain:
            message += "\nchain: " + " ; ".join(f"{h.path}:{h.line} {h.importer} -> {h.imported}" for h in v.chain)
        lines.append(f"::error file={_prop(v.path)},line={v.line},title={_prop('[' + v.rule + ']')}::{_data(message)}")
    for entry in (*report.stale, *report.rejected):
        why = "rejected (strict rule)" if entry in report.rejected else "stale (already fixed), run with --prune"
        message = f"baseline entry {entry.importer} -> {entry.imported} is {why}\n{entry.statement}"
        lines.append(f"::error file={_prop(report.baseline_path)},title={_prop('[' + entry.rule + ']')}::{_data(message)}")
    for g in report.guards:
        lines.append(f"::error file={_prop(g.path)},line={g.line},title={_prop('[' + g.kind + ']')}::{_data(g.message)}")
    if max_details is not None and len(lines) > max_details:
        hidden = len(lines) - max_details
        lines = lines[:max_details] + [f"::warning::{hidden} more annotations not shown (raise --max-details)"]
    if report.pruned:
        lines.append(f"::notice file={_prop(report.baseline_path)}::pruned {len(report.pruned)} fixed entries")
    if report.refused_growth:
        lines.append(
            f"::warning file={_prop(report.baseline_path)}::did not add {len(report.refused_growth)} new "
            "violations (the baseline only shrinks; pass --allow-growth to accept them)"
        )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
