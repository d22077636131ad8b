"""The import graph collapsed to a package's modules and layers, drawn several ways.

Public API: `build_module_graph(config, ...)` -> `ModuleGraph`, `render_graph(graph, fmt)`,
`FORMATS`. Nodes are the groups the rules speak of (a rule's `{m}` capture, `modules.<name>`,
otherwise the top-level layer such as `shared` or `models`); an edge carries the number of
imported names, the ids of the rules its imports break (drawn red) and whether all of
those violations are known to the boundaries baseline (drawn dashed).
"""

from __future__ import annotations

from ..config import ProjectConfig
from ..errors import UsageError
from . import collapse, scan
from .model import Edge, ModuleGraph

FORMATS = ("mermaid", "dot", "svg", "html")


def build_module_graph(
    config: ProjectConfig,
    *,
    depth: int | None = None,
    focus: str | None = None,
    cache: bool = True,
    boundaries: bool = True,
) -> ModuleGraph:
    """Read the package's imports and its boundary violations, and collapse them.

    Args:
        config: the project (see `refactor_tools.config.load_config`).
        depth: group by the first N name segments instead of modules and layers.
        focus: keep only this group and its edges.
        cache: let the boundary check use its cache under `.refactor-tools/`.
        boundaries: False draws the imports alone, without running the boundary check.

    Returns:
        The graph; without a `[tool.refactor-tools.boundaries]` table no edge is violating.

    Raises:
        ConfigError: the package is missing or the boundaries table is invalid.
        UsageError: a bad depth or focus.
    """
    modules = scan.package_modules(config.package, config.package_dir)
    imports = scan.imports(modules)
    violations: list[tuple[str, str, str, bool]] = []
    patterns: list[tuple[str, ...]] = []
    if boundaries and config.section("boundaries"):
        from ..boundaries import check_boundaries

        report = check_boundaries(config, baseline="use", cache=cache)
        known = set(report.baselined)
        violations = [
            (v.rule, v.importer, v.imported, v in known) for v in report.violations
        ]
        for rule in report.rules:
            patterns.extend(
                p.segments for p in (rule.source, *rule.allow, *rule.forbid)
            )
    return collapse.collapse(
        config.package,
        modules,
        imports,
        violations,
        prefixes=collapse.capture_prefixes(patterns),
        depth=depth,
        focus=focus,
    )


def render_graph(graph: ModuleGraph, fmt: str) -> str:
    """Return the graph as `mermaid`, `dot`, `svg` (via Graphviz) or a self-contained `html` page.

    Raises:
        UsageError: an unknown format, or `svg` without Graphviz installed.
    """
    from .text import to_dot, to_mermaid

    if fmt == "mermaid":
        return to_mermaid(graph)
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "svg":
        from .graphviz import dot_to_svg

        return dot_to_svg(to_dot(graph))
    if fmt == "html":
        from .page import to_html

        return to_html(graph)
    raise UsageError(
        f"unknown --format {fmt!r}", hint=f"choose one of: {', '.join(FORMATS)}"
    )


__all__ = ["FORMATS", "Edge", "ModuleGraph", "build_module_graph", "render_graph"]
