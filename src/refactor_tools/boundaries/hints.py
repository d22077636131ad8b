"""Say where the modules a pattern names have likely gone (pure).

A pattern that matches no module is a configuration error; most often its modules moved.
Evidence, best first: a shim at the old path (`move --shim`) names the new path; renames
recorded by git (old file -> new file); a module elsewhere with the same last name.
"""

from __future__ import annotations

from .engine import relative
from .patterns import Pattern


def literal_prefix(pattern: Pattern) -> tuple[str, ...]:
    """Return the leading plain segments of a pattern (`modules.items.**` -> modules, items)."""
    out: list[str] = []
    for segment in pattern.segments:
        if "*" in segment or segment.startswith("{"):
            break
        out.append(segment)
    return tuple(out)


def likely_move(
    pattern: Pattern,
    root: str | None,
    modules: tuple[str, ...],
    aliases: dict[str, str],
    renames: dict[str, str],
) -> str | None:
    """Return a hint naming the likely new place of what `pattern` names, or None.

    Args:
        pattern: the pattern that matches nothing.
        root: the package patterns are relative to (None: full names).
        modules: the analysed modules.
        aliases: shim or alias module -> the module it stands for.
        renames: old module -> new module, from the repository's history.
    """
    prefix = literal_prefix(pattern)
    if not prefix:
        return None
    old = ".".join(prefix) if root is None else ".".join((root, *prefix))
    for source, what in ((aliases, "a shim at the old path says so"), (renames, "git recorded the rename")):
        new = _moved(old, source)
        if new is not None:
            return _suggest(pattern, prefix, relative(root, new), what)
    last = prefix[-1]
    same_name = sorted(relative(root, m) for m in modules if m.rsplit(".", 1)[-1] == last)
    if same_name:
        shown = ", ".join(repr(m) for m in same_name[:5])
        return f"no module is at {'.'.join(prefix)!r} any more; modules named {last!r}: {shown}: did it move? " \
               "Update the pattern (`refactor-tools move` rewrites patterns when it moves code)"
    return None


def _moved(old: str, mapping: dict[str, str]) -> str | None:
    if old in mapping:
        return mapping[old]
    # A module under the old path moved with its package: derive the package's new place.
    for name in sorted(mapping):
        if name.startswith(old + "."):
            tail = name[len(old) :]
            new = mapping[name]
            if new.endswith(tail):
                return new[: -len(tail)]
    return None


def _suggest(pattern: Pattern, prefix: tuple[str, ...], new: str, why: str) -> str:
    rest = pattern.segments[len(prefix) :]
    proposed = ".".join([new, *rest]) if new else ".".join(rest) or "**"
    return f"{'.'.join(prefix)!r} moved to {new!r} ({why}): write {proposed!r} instead of {pattern.text!r}"
