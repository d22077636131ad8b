"""Pure core: collapse a package's module-level import graph to its modules and layers."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from ..errors import UsageError
from .model import Edge, ModuleGraph


def capture_prefixes(
    patterns: Iterable[tuple[str, ...]],
) -> tuple[tuple[str, ...], ...]:
    """Return, per pattern with a `{capture}`, its segments up to and including the first capture."""
    out = set()
    for segments in patterns:
        for index, segment in enumerate(segments):
            if segment.startswith("{") and segment.endswith("}"):
                out.add(tuple(segments[: index + 1]))
                break
            if segment == "**":
                break  # a capture after `**` has no fixed depth: it cannot name a group
    return tuple(sorted(out))


def group_of(
    relative: str, prefixes: tuple[tuple[str, ...], ...], depth: int | None
) -> str:
    """Return the group of a module named relative to the root package ("" is the root).

    With `depth`, the first `depth` segments; otherwise the segment a rule captures
    (`modules.{m}` -> `modules.broker`), `modules.<name>`, or the top-level layer.
    """
    if not relative:
        return ""
    parts = relative.split(".")
    if depth is not None:
        return ".".join(parts[:depth])
    for prefix in prefixes:
        if len(parts) >= len(prefix) and all(
            p == s or s == "*" or (s.startswith("{") and s.endswith("}"))
            for p, s in zip(parts, prefix)
        ):
            return ".".join(parts[: len(prefix)])
    if parts[0] == "modules" and len(parts) > 1:
        return ".".join(parts[:2])
    return parts[0]


def collapse(
    package: str,
    modules: Iterable[str],
    imports: Mapping[tuple[str, str], int],
    violations: Iterable[tuple[str, str, str, bool]] = (),
    *,
    prefixes: tuple[tuple[str, ...], ...] = (),
    depth: int | None = None,
    focus: str | None = None,
) -> ModuleGraph:
    """Build the collapsed graph.

    Args:
        package: the root package (absolute names start with it).
        modules: every module of the package (absolute dotted names).
        imports: {(importer, imported): count} between those modules.
        violations: (rule id, importer, imported, known) per boundary violation.
        prefixes: from `capture_prefixes` over the rules' patterns.
        depth: collapse to this many segments below the root instead of modules/layers.
        focus: keep only this group and the edges that touch it.

    Raises:
        UsageError: depth below 1, or a focus that names no group (the known ones are listed).
    """
    if depth is not None and depth < 1:
        raise UsageError(f"--depth must be at least 1, got {depth}")

    def group(name: str) -> str:
        relative = name[len(package) + 1 :] if name.startswith(package + ".") else ""
        found = group_of(relative, prefixes, depth)
        return found or package

    sizes: dict[str, int] = {}
    for name in modules:
        key = group(name)
        sizes[key] = sizes.get(key, 0) + 1
    weights: dict[tuple[str, str], int] = {}
    for (importer, imported), count in imports.items():
        pair = (group(importer), group(imported))
        if pair[0] != pair[1]:
            weights[pair] = weights.get(pair, 0) + count
    rules: dict[tuple[str, str], set[str]] = {}
    unknown: set[tuple[str, str]] = set()
    for rule, importer, imported, known in violations:
        pair = (group(importer), group(imported))
        if pair[0] == pair[1]:
            continue  # inside one group (a coarse --depth): not an edge of this picture
        rules.setdefault(pair, set()).add(rule)
        weights.setdefault(pair, 0)  # a transitive violation may have no direct import
        if not known:
            unknown.add(pair)
    edges = tuple(
        sorted(
            Edge(
                a,
                b,
                weight,
                tuple(sorted(rules.get((a, b), ()))),
                (a, b) in rules and (a, b) not in unknown,
            )
            for (a, b), weight in weights.items()
        )
    )
    touched = {e.source for e in edges} | {e.target for e in edges}
    # A package that only holds groups (`modules`, the root) says nothing on its own.
    nodes = {
        n
        for n in sizes
        if n in touched
        or not (n == package or any(o.startswith(n + ".") for o in sizes))
    }
    nodes |= touched
    if focus is not None:
        if focus not in nodes:
            close = difflib.get_close_matches(focus, sorted(nodes), n=1)
            hint = f"Did you mean {close[0]!r}? " if close else ""
            raise UsageError(
                f"--focus {focus!r} names no module or layer of {package!r}",
                hint=f"{hint}known: {', '.join(sorted(nodes))}",
            )
        edges = tuple(e for e in edges if focus in (e.source, e.target))
        nodes = {focus} | {e.source for e in edges} | {e.target for e in edges}
    return ModuleGraph(
        package=package,
        nodes=tuple(sorted(nodes)),
        edges=edges,
        sizes={name: sizes.get(name, 0) for name in sorted(nodes)},
    )
