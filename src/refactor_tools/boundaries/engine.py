"""Evaluate boundary rules over an import graph given as plain data (pure)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from .model import BoundaryConfig, Graph, Hop, Rule, Site, Violation
from .patterns import Pattern, any_matcher

Binding = tuple[tuple[str, str], ...]
_NONE: dict[str, tuple[Site, ...]] = {}


def relative(package: str | None, module: str) -> str:
    """Return `module` relative to the root package ('' for the root itself); patterns of a
    project with several root packages (`package` None) name modules in full."""
    if package is None:
        return module
    return "" if module == package else module[len(package) + 1 :]


def unmatched(graph: Graph, pattern: Pattern) -> bool:
    """Return True when no module of the graph matches `pattern` (captures free)."""
    return not any(pattern.match(name) is not None for name in graph.names.values())


def evaluate(graph: Graph, config: BoundaryConfig) -> list[Violation]:
    """Return every violation of every rule, sorted (statements left empty)."""
    exempted = any_matcher(config.exempt)
    exempt = {m for m, name in graph.names.items() if exempted(name)}
    found: list[Violation] = []
    usable: dict[bool, tuple[dict, dict]] = {}  # by rule.type_checking: edges and reverse edges
    for rule in config.rules:
        if rule.type_checking not in usable:
            edges = _usable_edges(graph, rule)
            reverse: dict[str, list[str]] = {}
            for importer, row in edges.items():
                for imported in row:
                    reverse.setdefault(imported, []).append(importer)
            usable[rule.type_checking] = (edges, reverse)
        found.extend(_evaluate_rule(graph, rule, exempt, *usable[rule.type_checking]))
    return sorted(found)


def _evaluate_rule(graph: Graph, rule: Rule, exempt: set[str], edges, reverse) -> Iterator[Violation]:
    groups: dict[Binding, list[str]] = {}
    for module, name in graph.names.items():
        captured = rule.source.match(name)
        if captured is not None and module not in exempt:
            groups.setdefault(tuple(sorted(captured.items())), []).append(module)
    for binding, importers in sorted(groups.items()):
        forbidden = _Forbidden(graph, rule, binding)
        if rule.mode == "direct":
            for importer in importers:
                yield from _direct(graph, rule, importer, edges, forbidden)
        else:
            members = set(importers)
            reaching = _may_reach_forbidden(reverse, forbidden, members)
            for importer in importers:
                if importer in reaching:
                    yield from _transitive(graph, rule, importer, edges, forbidden, members)


class _Forbidden:
    """Memoised 'may this binding's importers not import that module?'."""

    def __init__(self, graph: Graph, rule: Rule, binding: Binding) -> None:
        self.graph = graph
        self.allowed = any_matcher(rule.allow, binding)
        self.forbidden = any_matcher(rule.forbid, binding) if rule.forbid else None
        self.memo: dict[str, bool] = {}

    def __call__(self, module: str) -> bool:
        known = self.memo.get(module)
        if known is None:
            name = self.graph.names.get(module)
            if name is None:  # an excluded module, imported but not analysed
                name = relative(self.graph.root, module)
            if self.allowed(name):
                known = False
            elif self.forbidden is not None:
                known = self.forbidden(name)
            else:
                known = True
            self.memo[module] = known
        return known


def _usable_edges(graph: Graph, rule: Rule) -> dict[str, dict[str, tuple[Site, ...]]]:
    """Return the graph's edges (names sorted, sites by line), minus TYPE_CHECKING sites if
    the rule asks."""
    if rule.type_checking:
        return graph.imports
    edges: dict[str, dict[str, tuple[Site, ...]]] = {}
    for importer, targets in graph.imports.items():
        row = {}
        for imported, sites in targets.items():
            kept = tuple(site for site in sites if not site[1])
            if kept:
                row[imported] = kept
        edges[importer] = row
    return edges


def _may_reach_forbidden(reverse: dict[str, list[str]], forbidden, members: set[str]) -> set[str]:
    """Return the modules from which some forbidden module can be reached.

    One reverse breadth-first pass from every forbidden module, over edges whose importer
    is not a member (chains never pass through another importer of the binding). It is a
    superset of the importers with a chain (it also walks through forbidden modules, which
    a chain may cross when they are the importer's own descendants), so only the importers
    it returns need their own search; in a passing configuration that is none of them.
    """
    seeds = [module for module in reverse if forbidden(module)]
    expanded = set(seeds)
    queue = deque(seeds)
    marked: set[str] = set()
    while queue:
        node = queue.popleft()
        for importer in reverse[node] if node in reverse else ():
            marked.add(importer)
            if importer not in members and importer not in expanded:
                expanded.add(importer)
                queue.append(importer)
    return marked


def _is_descendant(module: str, ancestor: str) -> bool:
    return module.startswith(ancestor + ".")


def _direct(graph, rule, importer, edges, forbidden) -> Iterator[Violation]:
    for imported, sites in edges.get(importer, _NONE).items():
        if _is_descendant(imported, importer) or not forbidden(imported):
            continue
        for line in sorted({site[0] for site in sites}):
            yield Violation(
                path=graph.files[importer],
                line=line,
                rule=rule.id,
                importer=importer,
                imported=imported,
            )


def _transitive(graph, rule, importer, edges, forbidden, members) -> Iterator[Violation]:
    # Breadth-first over sorted neighbours: the first route found is a shortest one, and the
    # same one every run. Chains stop at the first forbidden module and never pass through
    # another importer of the same binding (that importer reports its own chain).
    parent: dict[str, tuple[str, int] | None] = {importer: None}
    queue = deque([importer])
    hits: list[str] = []
    while queue:
        current = queue.popleft()
        for imported, sites in edges.get(current, _NONE).items():
            if imported in parent:
                continue
            parent[imported] = (current, sites[0][0])
            if forbidden(imported) and not _is_descendant(imported, importer):
                hits.append(imported)
            elif imported not in members:
                queue.append(imported)
    for target in hits:
        chain: list[Hop] = []
        node = target
        while (link := parent[node]) is not None:
            source, line = link
            chain.append(Hop(importer=source, imported=node, path=graph.files[source], line=line))
            node = source
        chain.reverse()
        yield Violation(
            path=chain[0].path,
            line=chain[0].line,
            rule=rule.id,
            importer=importer,
            imported=target,
            chain=tuple(chain),
        )
