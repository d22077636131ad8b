"""Turn a BoundaryReport into text, JSON, GitHub annotations or SARIF 2.1.0 (pure)."""

from __future__ import annotations

from ..model import BoundaryReport

FORMATS = ("text", "json", "github", "sarif")
DEFAULT_MAX_DETAILS = 200


def render(report: BoundaryReport, fmt: str = "text", *, max_details: int | None = DEFAULT_MAX_DETAILS) -> str:
    """Return the report in `fmt`; `max_details` caps the listed items of text and github.

    Raises:
        ValueError: unknown format.
    """
    if fmt == "text":
        from .text import render_text

        return render_text(report, max_details)
    if fmt == "json":
        from .json import render_json

        return render_json(report)
    if fmt == "github":
        from .github import render_github

        return render_github(report, max_details)
    if fmt == "sarif":
        from .sarif import render_sarif

        return render_sarif(report)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def summary_line(report: BoundaryReport) -> str:
    """Return the one-line verdict with every count that matters."""
    parts = [
        _count(len(report.new), "new violation"),
        _count(len(report.stale), "stale baseline entry", "stale baseline entries"),
        _count(len(report.guards), "guard"),
    ]
    if report.stale_guards:
        parts.append(_count(len(report.stale_guards), "stale guard entry", "stale guard entries"))
    if report.warnings:
        parts.append(_count(len(report.warnings), "warning"))
    if report.rejected:
        parts.append(_count(len(report.rejected), "rejected baseline entry", "rejected baseline entries"))
    verdict = "OK" if report.ok else "FAILED"
    baselined = len(report.baselined) + len(report.baselined_guards)
    tail = f"{baselined} baselined, {report.module_count} modules, {_count(len(report.rules), 'rule')}"
    return f"{verdict}: {', '.join(parts)} ({tail})"


def under_project(project_dir: str):
    """Return a function putting a project-relative path under the project's folder (paths
    relative to the git root, for github and SARIF)."""
    if not project_dir:
        return lambda path: path
    return lambda path: f"{project_dir}/{path}"


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
