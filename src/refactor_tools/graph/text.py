"""Renderers to Mermaid and Graphviz DOT text (pure, deterministic)."""

from __future__ import annotations

from .model import Edge, ModuleGraph

RED = "#d32f2f"
GREY = "#555555"


def edge_label(edge: Edge) -> str:
    """Return the label of an edge: its import count, then the rules it breaks."""
    count = (
        f"{edge.weight} import{'s' if edge.weight != 1 else ''}"
        if edge.weight
        else "via chain"
    )
    if not edge.rules:
        return count
    return f"{count} · {', '.join(edge.rules)}{' (known)' if edge.known else ''}"


def _ids(graph: ModuleGraph) -> dict[str, str]:
    return {name: f"n{index}" for index, name in enumerate(graph.nodes)}


def to_mermaid(graph: ModuleGraph) -> str:
    """Return a Mermaid flowchart; violating edges red, known (baseline) ones dashed."""
    ids = _ids(graph)
    lines = ["flowchart LR"]
    for name in graph.nodes:
        lines.append(f'    {ids[name]}["{_mermaid_text(name)}"]')
    styles = []
    for index, edge in enumerate(graph.edges):
        arrow = "-.->" if edge.known else "-->"
        lines.append(
            f'    {ids[edge.source]} {arrow}|"{_mermaid_text(edge_label(edge))}"| {ids[edge.target]}'
        )
        if edge.violating:
            styles.append(
                f"    linkStyle {index} stroke:{RED},stroke-width:2px,color:{RED}"
            )
    return "\n".join(lines + styles) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def to_dot(graph: ModuleGraph) -> str:
    """Return a Graphviz digraph; pen width grows with the import count."""
    lines = [
        f"digraph {_dot_quote(graph.package)} {{",
        "    rankdir=LR;",
        '    node [shape=box, style="rounded", fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    for name in graph.nodes:
        lines.append(f"    {_dot_quote(name)};")
    for edge in graph.edges:
        attrs = [
            f"label={_dot_quote(edge_label(edge))}",
            f"penwidth={pen_width(edge.weight):.1f}",
        ]
        attrs.append(f'color="{RED if edge.violating else GREY}"')
        if edge.violating:
            attrs.append(f'fontcolor="{RED}"')
        if edge.known:
            attrs.append("style=dashed")
        lines.append(
            f"    {_dot_quote(edge.source)} -> {_dot_quote(edge.target)} [{', '.join(attrs)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def pen_width(weight: int) -> float:
    """Return a stroke width for an edge of `weight` imports (1 to 4)."""
    return 1.0 + min(weight, 10) * 0.3


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
