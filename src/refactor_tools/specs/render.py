"""Render a SpecDiff as text, JSON, Markdown, GitHub annotations, SARIF 2.1.0 or JUnit XML.

Every format names each finding's operation as oasdiff does (`GET /items/{id}`) beside its
JSON pointer. SARIF and JUnit live in `render_ci`.
"""

from __future__ import annotations


from ..adapters.state import dumps_json
from ..errors import UsageError
from .model import SEVERITY_RANK, WORKING_TREE, ExportResult, Finding, SpecDiff

FORMATS = ("text", "json", "markdown", "github", "sarif", "junit")
_ORDER = ("breaking", "unclassified", "potentially-breaking", "non-breaking", "info")
_GITHUB_LEVEL = {
    "breaking": "error",
    "unclassified": "warning",
    "potentially-breaking": "warning",
    "non-breaking": "notice",
    "info": "notice",
}


def _ordered(diff: SpecDiff) -> list[Finding]:
    """Worst first, then by kind, location and rule."""
    return sorted(diff.findings, key=lambda f: (-SEVERITY_RANK[f.severity], _ORDER.index(f.severity), f))


def _counts_line(diff: SpecDiff) -> str:
    counts = diff.counts()
    parts = [f"{counts[s]} {s}" for s in _ORDER if counts[s]]
    total = len(diff.findings)
    return f"{total} finding{'s' if total != 1 else ''}" + (f": {', '.join(parts)}" if parts else "")


def _baseline(diff: SpecDiff) -> str:
    commit = (diff.baseline_commit or "")[:12]
    return f"{diff.baseline_ref} ({commit})" if commit else str(diff.baseline_ref)


def _operation(f: Finding) -> str:
    return f"{f.operation}: " if f.operation else ""


def render_text(diff: SpecDiff) -> str:
    """Header with counts, one line per finding, one-line verdict."""
    lines = [f"diff-specs: baseline {_baseline(diff)} -> {diff.current}; {_counts_line(diff)}"]
    for f in _ordered(diff):
        lines.append(f"{f.kind}:{f.location or '/'}: [{f.rule}] {f.severity} ({f.direction}): "
                     f"{_operation(f)}{f.message}")
    lines.append(f"verdict: {diff.verdict}")
    return "\n".join(lines) + "\n"


def render_json(diff: SpecDiff) -> str:
    """The whole diff as stable JSON (the cache state is left out: it varies by run)."""
    data = {
        "baseline": {"commit": diff.baseline_commit, "ref": diff.baseline_ref},
        "counts": diff.counts(),
        "findings": [f.to_dict() for f in _ordered(diff)],
        "kinds": list(diff.kinds),
        "verdict": diff.verdict,
    }
    if diff.current != WORKING_TREE:
        data["current"] = diff.current
    return dumps_json(data)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: SpecDiff) -> str:
    """A heading with the verdict and counts, then a table of findings."""
    against = "" if diff.current == WORKING_TREE else f" (new: `{diff.current}`)"
    lines = [f"## API contract vs `{_baseline(diff)}`{against}: **{diff.verdict}**", "",
             _counts_line(diff), ""]
    if diff.findings:
        lines += ["| Severity | Rule | Document | Operation | Location | Direction | Message |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for f in _ordered(diff):
            operation = f"`{_cell(f.operation)}`" if f.operation else ""
            lines.append(f"| {f.severity} | `{f.rule}` | {f.kind} | {operation} "
                         f"| `{_cell(f.location or '/')}` | {f.direction} | {_cell(f.message)} |")
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diff: SpecDiff) -> str:
    """One workflow command per finding (error/warning/notice), then a summary notice."""
    lines = []
    for f in _ordered(diff):
        title = _escape_prop(f"{f.severity}: {f.rule}")
        where = f.location or "/"
        text = _escape_data(f"{f.kind}:{where} ({f.direction}) {_operation(f)}{f.message}")
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} title={title}::{text}")
    summary = _escape_data(f"verdict {diff.verdict}; {_counts_line(diff)}")
    lines.append(f"::notice title=diff-specs::{summary}")
    return "\n".join(lines) + "\n"


def render(diff: SpecDiff, fmt: str = "text", fail_on: str = "breaking") -> str:
    """Render `diff` in one of FORMATS; JUnit marks as failures what `fail_on` rejects.

    Raises:
        UsageError: an unknown format.
    """
    if fmt in ("sarif", "junit"):
        from .render_ci import render_junit, render_sarif

        return render_sarif(diff) if fmt == "sarif" else render_junit(diff, fail_on)
    renderers = {"text": render_text, "json": render_json, "markdown": render_markdown,
                 "github": render_github}
    if fmt not in renderers:
        raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return renderers[fmt](diff)


def render_export(result: ExportResult, fmt: str = "text") -> str:
    """One line per document file (status: path), or the same as JSON.

    Raises:
        UsageError: a format other than text or json.
    """
    if fmt == "json":
        files = [{"kind": f.kind, "path": str(f.path), "status": f.status} for f in result.files]
        data = {"check": result.check, "files": files, "ok": result.ok}
        return dumps_json(data)
    if fmt != "text":
        raise UsageError(f"unknown format {fmt!r}; choose one of: text, json")
    return "".join(f"{f.status}: {f.path}\n" for f in result.files)
