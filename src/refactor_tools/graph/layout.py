"""A small deterministic layered layout and SVG drawing, so HTML pages need no library."""

from __future__ import annotations

from html import escape

from .model import ModuleGraph
from .text import GREY, RED, edge_label, pen_width

COLUMN = 240  # horizontal distance between layers
ROW = 64  # vertical distance between nodes of a layer
CHAR = 7.2  # approximate width of one character at 12px
PAD = 24


def ranks(graph: ModuleGraph) -> dict[str, int]:
    """Return a layer per node: longest path from the sources, cycles broken by DFS order."""
    succ: dict[str, list[str]] = {name: [] for name in graph.nodes}
    for edge in graph.edges:
        succ[edge.source].append(edge.target)
    state: dict[str, int] = {}
    forward: list[tuple[str, str]] = []

    def visit(start: str) -> None:
        stack = [(start, iter(sorted(succ[start])))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                continue  # a back edge: ignored for ranking
            else:
                forward.append((node, child))
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(sorted(succ[child]))))

    for name in graph.nodes:
        if name not in state:
            visit(name)
    rank = {name: 0 for name in graph.nodes}
    for _ in graph.nodes:  # relax: at most |nodes| rounds on a DAG
        changed = False
        for a, b in sorted(set(forward)):
            if rank[b] < rank[a] + 1:
                rank[b] = rank[a] + 1
                changed = True
        if not changed:
            break
    return rank


def positions(
    graph: ModuleGraph,
) -> tuple[dict[str, tuple[float, float, float]], float, float]:
    """Return {node: (x, y, width)} and the drawing's width and height."""
    rank = ranks(graph)
    layers: dict[int, list[str]] = {}
    for name in graph.nodes:
        layers.setdefault(rank[name], []).append(name)
    preds: dict[str, list[str]] = {name: [] for name in graph.nodes}
    for edge in graph.edges:
        preds[edge.target].append(edge.source)
    order: dict[str, int] = {}
    for level in sorted(layers):
        names = layers[level]
        if level:  # place each node near its predecessors (barycentre), ties by name
            names.sort(
                key=lambda n: (_mean([order[p] for p in preds[n] if p in order]), n)
            )
        for index, name in enumerate(names):
            order[name] = index
    width_of = {name: max(80.0, len(name) * CHAR + 2 * 12) for name in graph.nodes}
    # Leave room between layers for the longest edge label (10px text).
    gap = max([COLUMN - 120.0] + [len(edge_label(e)) * 6.0 + 40 for e in graph.edges])
    left, x = {}, float(PAD)
    for level in sorted(layers):
        left[level] = x
        x += max(width_of[n] for n in layers[level]) + gap
    place = {}
    for level, names in layers.items():
        for index, name in enumerate(names):
            place[name] = (left[level], PAD + index * ROW, width_of[name])
    width = max((x + w for x, _, w in place.values()), default=PAD) + PAD
    height = max((y + 32 for _, y, _ in place.values()), default=PAD) + PAD
    return place, width, height


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def to_svg(graph: ModuleGraph, *, element_id: str = "graph") -> str:
    """Return an inline SVG drawing of the graph (no scripts, no external references)."""
    place, width, height = positions(graph)
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(element_id)}" class="module-graph" '
            f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'role="img" aria-label="module graph of {escape(graph.package)}">'
        ),
        "<defs>",
    ]
    for name, color in (("grey", GREY), ("red", RED)):
        out.append(
            f'<marker id="{escape(element_id)}-arrow-{name}" viewBox="0 0 10 10" refX="10" refY="5" '
            f'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
            f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{color}"/></marker>'
        )
    out.append("</defs>")
    for edge in graph.edges:
        x1, y1, w1 = place[edge.source]
        x2, y2, _ = place[edge.target]
        color, marker = (RED, "red") if edge.violating else (GREY, "grey")
        sx, sy, tx, ty = x1 + w1, y1 + 16, x2, y2 + 16
        if tx <= sx:  # same layer or backwards: bow below the boxes
            sx, sy, tx, ty = (
                x1 + w1 / 2,
                y1 + 32,
                x2 + place[edge.target][2] / 2,
                y2 + 32,
            )
            mx, my = (sx + tx) / 2, max(sy, ty) + 40
        else:
            mx, my = (sx + tx) / 2, (sy + ty) / 2
        dash = ' stroke-dasharray="6 4"' if edge.known else ""
        label = edge_label(edge)
        out.append(
            f'<g class="edge{" violation" if edge.violating else ""}{" known" if edge.known else ""}">'
            f"<title>{escape(edge.source)} → {escape(edge.target)}: {escape(label)}</title>"
            f'<path d="M {sx:.1f} {sy:.1f} Q {mx:.1f} {my:.1f} {tx:.1f} {ty:.1f}" fill="none" '
            f'stroke="{color}" stroke-width="{pen_width(edge.weight):.1f}"{dash} '
            f'marker-end="url(#{escape(element_id)}-arrow-{marker})"/>'
            f'<text x="{(sx + 2 * mx + tx) / 4:.1f}" y="{(sy + 2 * my + ty) / 4 - 4:.1f}" '
            f'text-anchor="middle" font-size="10" fill="{color}">{escape(label)}</text></g>'
        )
    for name in graph.nodes:
        x, y, w = place[name]
        out.append(
            f'<g class="node"><title>{escape(name)}: {graph.sizes.get(name, 0)} module(s)</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="32" rx="8" fill="#eef3fb" stroke="#33507a"/>'
            f'<text x="{x + w / 2:.1f}" y="{y + 20:.1f}" text-anchor="middle" font-size="12" '
            f'font-family="Helvetica, Arial, sans-serif">{escape(name)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
