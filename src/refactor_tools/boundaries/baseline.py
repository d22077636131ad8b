"""The baseline of known violations: decode/encode and the ratchet (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import BaselineEntry, Guard, GuardEntry, Rule, Violation

VERSION = 1


class BaselineFormatError(ValueError):
    """The baseline file does not have the expected shape."""


def decode(data: Any) -> tuple[BaselineEntry, ...]:
    """Return the entries of a parsed baseline file.

    Raises:
        BaselineFormatError: not a {"version": 1, "violations": [...]} document.
    """
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise BaselineFormatError(f'expected {{"version": {VERSION}, "violations": [...]}}')
    items = data.get("violations")
    if not isinstance(items, list):
        raise BaselineFormatError("'violations' must be a list")
    entries = []
    for index, item in enumerate(items):
        try:
            entries.append(
                BaselineEntry(
                    rule=str(item["rule"]),
                    importer=str(item["importer"]),
                    imported=str(item["imported"]),
                    statement=str(item["statement"]),
                )
            )
        except (KeyError, TypeError):
            raise BaselineFormatError(
                f"violations[{index}] needs rule, importer, imported and statement"
            ) from None
    return tuple(sorted(set(entries)))


def decode_guards(data: Any) -> tuple[GuardEntry, ...]:
    """Return the known guards of a parsed baseline file (its optional "guards" list).

    Raises:
        BaselineFormatError: "guards" is not a list of {"kind", "path"} objects.
    """
    items = data.get("guards", []) if isinstance(data, dict) else []
    if not isinstance(items, list):
        raise BaselineFormatError("'guards' must be a list")
    entries = []
    for index, item in enumerate(items):
        try:
            entries.append(GuardEntry(kind=str(item["kind"]), path=str(item["path"])))
        except (KeyError, TypeError):
            raise BaselineFormatError(f"guards[{index}] needs kind and path") from None
    return tuple(sorted(set(entries)))


def encode(
    entries: tuple[BaselineEntry, ...] | list[BaselineEntry], guards: tuple[GuardEntry, ...] = ()
) -> dict[str, Any]:
    """Return the JSON document of a baseline (entries sorted, no duplicates).

    "guards" is written only when there are known guards, so files without stay as they were.
    """
    document: dict[str, Any] = {
        "version": VERSION,
        "violations": [
            {"rule": e.rule, "importer": e.importer, "imported": e.imported, "statement": e.statement}
            for e in sorted(set(entries))
        ],
    }
    if guards:
        document["guards"] = [{"kind": g.kind, "path": g.path} for g in sorted(set(guards))]
    return document


@dataclass(frozen=True)
class GuardOutcome:
    """Guards split against the known ones, and the known guards the file should hold next."""

    new: tuple[Guard, ...]
    baselined: tuple[Guard, ...]
    stale: tuple[GuardEntry, ...]
    pruned: tuple[GuardEntry, ...]
    refused_growth: tuple[GuardEntry, ...]
    entries: tuple[GuardEntry, ...]


def ratchet_guards(
    guards: tuple[Guard, ...],
    entries: tuple[GuardEntry, ...],
    *,
    prune: bool = False,
    update: bool = False,
    allow_growth: bool = False,
) -> GuardOutcome:
    """Split guards like `ratchet` splits violations: known ones pass, fixed ones are stale."""
    current = {g.key for g in guards}
    known = set(entries)
    stale = known - current
    growth = current - known
    keep = known - stale
    if update and allow_growth:
        keep |= growth
    dropping = prune or update
    accepted = keep if dropping else known
    return GuardOutcome(
        new=tuple(g for g in guards if g.key not in accepted),
        baselined=tuple(g for g in guards if g.key in accepted),
        stale=() if dropping else tuple(sorted(stale)),
        pruned=tuple(sorted(stale)) if dropping else (),
        refused_growth=tuple(sorted(growth)) if update and not allow_growth else (),
        entries=tuple(sorted(keep)) if dropping else tuple(sorted(known)),
    )


@dataclass(frozen=True)
class Outcome:
    """Where each violation and entry ends up, and what the file should hold next."""

    new: tuple[Violation, ...]
    baselined: tuple[Violation, ...]
    stale: tuple[BaselineEntry, ...]
    rejected: tuple[BaselineEntry, ...]
    pruned: tuple[BaselineEntry, ...]
    refused_growth: tuple[BaselineEntry, ...]
    entries: tuple[BaselineEntry, ...]


def ratchet(
    violations: tuple[Violation, ...],
    entries: tuple[BaselineEntry, ...],
    rules: tuple[Rule, ...],
    *,
    prune: bool = False,
    update: bool = False,
    allow_growth: bool = False,
) -> Outcome:
    """Split violations against the baseline and compute the next baseline.

    Violations of `strict` rules are always new and their entries are rejected. `prune`
    drops stale and rejected entries; `update` also records current violations, but only
    those already known unless `allow_growth` (the file only shrinks).
    """
    strict = {rule.id for rule in rules if rule.strict}
    keys = [v.key for v in violations]
    current = {key for v, key in zip(violations, keys) if v.rule not in strict}
    known = set(entries)
    rejected = {e for e in known if e.rule in strict}
    stale = {e for e in known - rejected if e not in current}
    growth = current - known
    keep = known - rejected - stale
    if update and allow_growth:
        keep |= growth
    refused = growth if update and not allow_growth else set()
    dropping = prune or update
    accepted = keep if dropping else known - rejected
    new = tuple(v for v, k in zip(violations, keys) if v.rule in strict or k not in accepted)
    baselined = tuple(v for v, k in zip(violations, keys) if v.rule not in strict and k in accepted)
    return Outcome(
        new=new,
        baselined=baselined,
        stale=() if dropping else tuple(sorted(stale)),
        rejected=() if dropping else tuple(sorted(rejected)),
        pruned=tuple(sorted(stale | rejected)) if dropping else (),
        refused_growth=tuple(sorted(refused)),
        entries=tuple(sorted(keep)) if dropping else tuple(sorted(known)),
    )
