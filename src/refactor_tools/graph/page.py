"""The self-contained HTML page of one module graph (inline SVG and CSS, nothing fetched)."""

from __future__ import annotations

from html import escape

from .layout import to_svg
from .model import ModuleGraph

STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #1c2430; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin-top: .5em; }
td, th { border: 1px solid #c9d2de; padding: .25em .6em; text-align: left; font-size: .9em; }
th { background: #eef3fb; }
.violation, .red { color: #d32f2f; }
.legend span { margin-right: 1.5em; }
.scroll { overflow-x: auto; }
"""


def edge_table(graph: ModuleGraph) -> str:
    """Return an HTML table with one row per edge."""
    rows = [
        '<table class="edges"><tr><th>from</th><th>to</th><th>imports</th><th>rules</th></tr>'
    ]
    for edge in graph.edges:
        css = ' class="violation"' if edge.violating else ""
        rules = ", ".join(edge.rules) + (" (known)" if edge.known else "")
        rows.append(
            f"<tr{css}><td>{escape(edge.source)}</td><td>{escape(edge.target)}</td>"
            f"<td>{edge.weight}</td><td>{escape(rules)}</td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)


LEGEND = (
    '<p class="legend"><span>grey: allowed imports (label: count)</span>'
    '<span class="red">red: breaks a rule (rule id)</span>'
    "<span>dashed: known violation in the baseline</span></p>"
)


def to_html(graph: ModuleGraph) -> str:
    """Return a whole HTML page: the drawing, a legend and the edge table."""
    title = f"Module graph of {graph.package}"
    summary = (
        f"{len(graph.nodes)} modules and layers, {len(graph.edges)} edges, "
        f"{graph.violation_count} violating ({sum(1 for e in graph.edges if e.known)} known)"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<h1>{escape(title)}</h1>\n<p id="summary">{escape(summary)}</p>\n{LEGEND}\n'
        f'<div class="scroll">\n{to_svg(graph)}</div>\n<h2>Edges</h2>\n{edge_table(graph)}\n'
        "</body>\n</html>\n"
    )
