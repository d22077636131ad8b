"""Plain frozen data of the collapsed module graph (computed once, rendered many ways)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Edge:
    """Imports from one group to another: how many, and which rules they break."""

    source: str
    target: str
    weight: int
    rules: tuple[str, ...] = ()
    known: bool = False  # every violation on this edge is in the baseline

    @property
    def violating(self) -> bool:
        """Return True when some import on this edge breaks a rule."""
        return bool(self.rules)


@dataclass(frozen=True)
class ModuleGraph:
    """Groups of the package (modules, layers) and the weighted edges between them."""

    package: str
    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]
    sizes: dict[str, int]  # group -> number of Python modules in it

    @property
    def violation_count(self) -> int:
        """Return the number of edges that break a rule."""
        return sum(1 for edge in self.edges if edge.violating)
