"""GitHub Actions workflow commands: one `::error` annotation per problem."""

from __future__ import annotations

from ..model import BoundaryReport
from . import summary_line, under_project


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: BoundaryReport, max_details: int | None) -> str:
    """Return annotations for new violations, stale entries and guards, then the summary.

    File paths are relative to the git root (the project may sit in a subfolder), which is
    where GitHub places annotations.
    """
    at = under_project(report.project_dir)
    lines = []
    for v in report.new:
        message = f"{v.importer} -> {v.imported}\n{v.statement}"
        if v.chain:
            message += "\nchain: " + " ; ".join(f"{at(h.path)}:{h.line} {h.importer} -> {h.imported}" for h in v.chain)
        lines.append(f"::error file={_prop(at(v.path))},line={v.line},title={_prop('[' + v.rule + ']')}::{_data(message)}")
    for entry in (*report.stale, *report.rejected):
        why = "rejected (strict rule)" if entry in report.rejected else "stale (already fixed), run with --prune"
        message = f"baseline entry {entry.importer} -> {entry.imported} is {why}\n{entry.statement}"
        lines.append(f"::error file={_prop(at(report.baseline_path))},title={_prop('[' + entry.rule + ']')}::{_data(message)}")
    for entry in report.stale_guards:
        message = f"baseline entry for {entry.path} ({entry.kind}) is stale (the file is analysed now), run with --prune"
        lines.append(f"::error file={_prop(at(report.baseline_path))},title={_prop('[' + entry.kind + ']')}::{_data(message)}")
    for g in report.guards:
        lines.append(f"::error file={_prop(at(g.path))},line={g.line},title={_prop('[' + g.kind + ']')}::{_data(g.message)}")
    for g in report.warnings:
        lines.append(f"::warning file={_prop(at(g.path))},line={g.line},title={_prop('[' + g.kind + ']')}::{_data(g.message)}")
    if max_details is not None and len(lines) > max_details:
        hidden = len(lines) - max_details
        lines = lines[:max_details] + [f"::warning::{hidden} more annotations not shown (raise --max-details)"]
    if report.pruned or report.pruned_guards:
        pruned = len(report.pruned) + len(report.pruned_guards)
        lines.append(f"::notice file={_prop(at(report.baseline_path))}::pruned {pruned} fixed entries")
    if report.refused_growth or report.refused_guards:
        lines.append(
            f"::warning file={_prop(at(report.baseline_path))}::did not add {len(report.refused_growth) + len(report.refused_guards)} new "
            "violations (the baseline only shrinks; pass --allow-growth to accept them)"
        )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
