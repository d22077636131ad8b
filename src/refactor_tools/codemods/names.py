"""Dotted module names: the rename table and relative-import arithmetic (pure)."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from functools import cached_property

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def is_dotted(name: str) -> bool:
    """Return True when `name` is a non-empty dotted sequence of identifiers."""
    return bool(name) and all(
        _IDENT.match(part) and not keyword.iskeyword(part) for part in name.split(".")
    )


def parent(name: str) -> str:
    """Return the parent package of a dotted name ('' for a top-level name)."""
    return name.rpartition(".")[0]


def last(name: str) -> str:
    """Return the last segment of a dotted name."""
    return name.rpartition(".")[2]


def within(name: str, package: str) -> bool:
    """Return True when `name` is `package` or lies inside it."""
    return name == package or name.startswith(package + ".")


@dataclass(frozen=True)
class Renames:
    """Old dotted module names mapped to new ones; the longest matching old name wins."""

    pairs: tuple[tuple[str, str], ...]
    symbols: bool = False  # the names are functions/classes/constants, not modules

    @classmethod
    def of(cls, mapping: dict[str, str], *, symbols: bool = False) -> Renames:
        """Build from a mapping, longest old names first so inner renames take precedence."""
        return cls(tuple(sorted(mapping.items(), key=lambda kv: (-len(kv[0]), kv[0]))), symbols)

    def new_module_of(self, new: str) -> str:
        """Return the module a new name lives in (itself for a module rename)."""
        return parent(new) if self.symbols else new

    def new_name(self, name: str) -> str | None:
        """Return the new name of `name` (a module or anything inside one), or None."""
        for old, new in self.pairs:
            if name == old:
                return new
            if name.startswith(old) and name[len(old)] == ".":
                return new + name[len(old) :]
        return None

    def is_moved_exactly(self, name: str) -> bool:
        """Return True when `name` is one of the moved modules itself."""
        return any(name == old for old, _ in self.pairs)

    def is_ancestor(self, name: str) -> bool:
        """Return True when `name` is a proper parent package of a moved module."""
        return any(old.startswith(name + ".") for old, _ in self.pairs)

    @cached_property
    def keywords(self) -> tuple[str, ...]:
        """Return the last segments of the old names: a file without them cannot refer."""
        return tuple(sorted({last(old) for old, _ in self.pairs}))

    @cached_property
    def mention(self) -> re.Pattern[str]:
        """Return a pattern matching an old dotted name as a whole token inside text."""
        if not self.pairs:
            return re.compile(r"(?!x)x")  # matches nothing
        alts = "|".join(re.escape(old) for old, _ in self.pairs)
        return re.compile(rf"(?<![\w.])(?:{alts})(?![\w])")

    def rewrite_tokens(self, text: str) -> str:
        """Replace every old dotted name (and names inside it) in free text."""
        dotted = re.compile(rf"{self.mention.pattern}(?:\.[A-Za-z_]\w*)*")

        def repl(match: re.Match[str]) -> str:
            return self.new_name(match.group(0)) or match.group(0)

        return dotted.sub(repl, text)


def resolve_relative(package: str, level: int, module: str | None) -> str | None:
    """Return the absolute name of `from <level dots><module> import`, seen from `package`."""
    parts = package.split(".") if package else []
    if level - 1 > len(parts) or (level - 1 == len(parts) and not module):
        return None
    base = parts[: len(parts) - (level - 1)]
    if not base and not module:
        return None
    return ".".join([*base, module] if module else base)


def anchor_of(package: str, level: int) -> str | None:
    """Return the package that `level` dots climb to from `package`."""
    parts = package.split(".") if package else []
    if level - 1 >= len(parts):
        return None
    return ".".join(parts[: len(parts) - (level - 1)])


def relative_form(package: str, anchor: str, target: str) -> tuple[int, str | None] | None:
    """Return (level, module) for importing `target` relative to `anchor` from `package`.

    None when either `package` or `target` is outside `anchor` (import absolutely then).
    """
    if not within(package, anchor) or not within(target, anchor):
        return None
    level = package.count(".") - anchor.count(".") + 1
    rest = target[len(anchor) + 1 :] if target != anchor else None
    return level, rest
