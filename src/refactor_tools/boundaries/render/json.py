"""JSON report: every list sorted, keys sorted, no timestamps or absolute paths."""

from __future__ import annotations

from ..codec import entry_to_dict, guard_entry_to_dict, guard_to_dict, violation_to_dict
from ..model import BoundaryReport
from ..store import dumps


def render_json(report: BoundaryReport) -> str:
    """Return the whole report as deterministic JSON."""
    return dumps(
        {
            "package": report.package,
            "ok": report.ok,
            "counts": {
                "modules": report.module_count,
                "violations": len(report.violations),
                "new": len(report.new),
                "baselined": len(report.baselined),
                "stale": len(report.stale),
                "rejected": len(report.rejected),
                "guards": len(report.guards),
                "warnings": len(report.warnings),
                "baselined_guards": len(report.baselined_guards),
                "stale_guards": len(report.stale_guards),
            },
            "rules": [
                {
                    "id": rule.id,
                    "from": rule.source.text,
                    "allow": [p.text for p in rule.allow],
                    "forbid": [p.text for p in rule.forbid],
                    "mode": rule.mode,
                    "type_checking": rule.type_checking,
                    "strict": rule.strict,
                }
                for rule in report.rules
            ],
            "new": [violation_to_dict(v) for v in report.new],
            "baselined": [violation_to_dict(v) for v in report.baselined],
            "stale": [entry_to_dict(e) for e in report.stale],
            "rejected": [entry_to_dict(e) for e in report.rejected],
            "guards": [guard_to_dict(g) for g in report.guards],
            "warnings": [guard_to_dict(g) for g in report.warnings],
            "baselined_guards": [guard_to_dict(g) for g in report.baselined_guards],
            "stale_guards": [guard_entry_to_dict(e) for e in report.stale_guards],
            "baseline": {
                "path": report.baseline_path,
                "used": report.baseline_used,
                "written": report.baseline_written,
                "pruned": [entry_to_dict(e) for e in report.pruned],
                "pruned_guards": [guard_entry_to_dict(e) for e in report.pruned_guards],
                "refused_growth": [entry_to_dict(e) for e in report.refused_growth],
                "refused_guards": [guard_entry_to_dict(e) for e in report.refused_guards],
            },
        }
    )
