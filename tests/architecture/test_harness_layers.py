"""The harness's own structure: no import cycle among the subpackages of `refactor_tools`."""

from __future__ import annotations

import grimp

PACKAGE = "refactor_tools"


def _part(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else module


def subpackage_graph() -> dict[str, set[str]]:
    """Return {part: parts it imports} over the first-level parts of refactor_tools (lazy imports too)."""
    graph = grimp.build_graph(PACKAGE, include_external_packages=False)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if module == PACKAGE:
            continue
        source = _part(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported != PACKAGE and _part(imported) != source:
                edges.setdefault(source, set()).add(_part(imported))
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """Return one cycle (first node repeated at the end), or None; deterministic order."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None


def test_no_import_cycle_among_harness_subpackages():
    edges = subpackage_graph()
    assert "driver" in edges and "adapters" in edges.get("driver", set())
    cycle = find_cycle(edges)
    assert cycle is None, "import cycle among refactor_tools subpackages: " + " -> ".join(cycle)


# The gate modules import each other lazily (gates <-> testgate, gates <-> beside); they are one
# unit here.
GATE_UNIT = {f"{PACKAGE}.driver.{name}" for name in ("gates", "testgate", "gatecfg", "gatecache", "beside")}


def test_no_import_cycle_among_the_driver_modules():
    graph = grimp.build_graph(PACKAGE, include_external_packages=False)
    prefix = f"{PACKAGE}.driver."

    def unit(module: str) -> str:
        return f"{prefix}gates" if module in GATE_UNIT else module

    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if module.startswith(prefix):
            targets = {unit(m) for m in graph.find_modules_directly_imported_by(module) if m.startswith(prefix)}
            edges.setdefault(unit(module), set()).update(targets - {unit(module)})
    cycle = find_cycle(edges)
    assert cycle is None, "import cycle among driver modules: " + " -> ".join(cycle)
