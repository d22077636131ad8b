"""Plain-text report: header with counts, items grouped by rule, one-line summary."""

from __future__ import annotations

from ..model import BoundaryReport, Violation
from . import summary_line


def render_text(report: BoundaryReport, max_details: int | None) -> str:
    """Return the human report; at most `max_details` items are listed in full."""
    budget = [max_details if max_details is not None else -1]
    packages = report.package if isinstance(report.package, str) else ", ".join(report.package)
    label = "package" if isinstance(report.package, str) else "packages"
    out = [
        f"check-boundaries: {label} {packages}, {report.module_count} modules, {_plural(len(report.rules), 'rule')}",
        f"violations: {len(report.violations)} (new {len(report.new)}, baselined {len(report.baselined)}); "
        f"stale baseline entries: {len(report.stale)}; guards: {len(report.guards)}",
    ]
    hidden = 0
    by_rule: dict[str, list[Violation]] = {}
    for violation in report.new:
        by_rule.setdefault(violation.rule, []).append(violation)
    for rule in report.rules:
        items = by_rule.get(rule.id)
        if not items:
            continue
        out.append("")
        out.append(f"[{rule.id}] {rule.summary()}: {len(items)} new")
        for violation in items:
            if not _take(budget):
                hidden += 1
                continue
            out.extend(_violation_lines(violation))
    if report.stale or report.rejected:
        out.append("")
        out.append(f"baseline {report.baseline_path}: entries to remove (run with --prune):")
        for entry in (*report.stale, *report.rejected):
            if not _take(budget):
                hidden += 1
                continue
            why = "strict rule, entries not allowed" if entry in report.rejected else "stale, already fixed"
            out.append(f"  [{entry.rule}] {entry.importer} -> {entry.imported} ({why})")
            out.extend("      " + line for line in entry.statement.splitlines())
    if report.stale_guards:
        out.append("")
        out.append(f"baseline {report.baseline_path}: guard entries to remove (run with --prune):")
        for entry in report.stale_guards:
            if not _take(budget):
                hidden += 1
                continue
            out.append(f"  [{entry.kind}] {entry.path} (stale, the file is analysed now)")
    for title, guards in (
        ("coverage guards:", report.guards),
        ('coverage warnings (skipped-files = "warn"):', report.warnings),
    ):
        if not guards:
            continue
        out.append("")
        out.append(title)
        for guard in guards:
            if not _take(budget):
                hidden += 1
                continue
            out.append(f"{guard.path}:{guard.line}: [{guard.kind}] {guard.message}")
    notes = []
    if report.pruned or report.pruned_guards:
        notes.append(f"pruned {len(report.pruned) + len(report.pruned_guards)} entries from {report.baseline_path}")
    if report.refused_growth or report.refused_guards:
        notes.append(
            f"did not add {len(report.refused_growth) + len(report.refused_guards)} new violations to {report.baseline_path} "
            "(the baseline only shrinks; pass --allow-growth to accept them)"
        )
    if report.baseline_written:
        notes.append(f"wrote {report.baseline_path}")
    if notes:
        out.append("")
        out.extend(notes)
    if hidden:
        out.append("")
        out.append(f"... {hidden} more items not shown (raise --max-details)")
    out.append("")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def _take(budget: list[int]) -> bool:
    if budget[0] < 0:
        return True
    if budget[0] == 0:
        return False
    budget[0] -= 1
    return True


def _violation_lines(violation: Violation) -> list[str]:
    lines = [f"{violation.path}:{violation.line}: [{violation.rule}] {violation.importer} -> {violation.imported}"]
    lines.extend("    " + line for line in violation.statement.splitlines())
    if violation.chain:
        lines.append("    chain:")
        lines.extend(f"      {hop.path}:{hop.line}: {hop.importer} -> {hop.imported}" for hop in violation.chain)
    return lines


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
