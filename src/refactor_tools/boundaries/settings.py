"""Read and check `[tool.refactor-tools.boundaries]`; every error names its key."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from typing import Any

from ..config import TABLE, ProjectConfig
from ..errors import ConfigError
from .model import BoundaryConfig, Rule
from .patterns import Pattern, PatternError, compile_pattern

SECTION = f"{TABLE}.boundaries"
DEFAULT_BASELINE = ".refactor-tools/boundaries-baseline.json"
_TABLE_KEYS = ("baseline", "exclude", "exempt", "rules", "skipped-files")
_RULE_KEYS = ("allow", "description", "forbid", "from", "id", "mode", "strict", "type_checking")
_RULE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def load_boundaries(config: ProjectConfig) -> BoundaryConfig:
    """Return the checked boundaries table of a project.

    Raises:
        ConfigError: a missing or unknown key, a bad value or a bad pattern (the key is named).
    """
    table = config.section("boundaries")
    file = str(config.pyproject)
    _reject_unknown(table, _TABLE_KEYS, SECTION, file)
    raw_rules = table.get("rules", [])
    if not isinstance(raw_rules, list):
        raise ConfigError(
            "expected a list of rules ([[tool.refactor-tools.boundaries.rules]])",
            file=file,
            key=f"{SECTION}.rules",
        )
    # No rules is allowed: the check then only guards that every file is in the graph, the
    # first step of adopting it on a project.
    rules = tuple(_rule(raw, f"{SECTION}.rules[{i}]", file) for i, raw in enumerate(raw_rules))
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        if rule.id in seen:
            raise ConfigError(
                f"duplicate rule id {rule.id!r}", file=file, key=f"{SECTION}.rules[{index}].id"
            )
        seen.add(rule.id)
    exempt = tuple(
        _pattern(text, f"{SECTION}.exempt[{i}]", file)
        for i, text in enumerate(_str_list(table, "exempt", SECTION, file))
    )
    baseline = table.get("baseline", DEFAULT_BASELINE)
    if not isinstance(baseline, str) or not baseline.strip():
        raise ConfigError(
            f"'baseline' must be a file path relative to the project, got {baseline!r}",
            file=file,
            key=f"{SECTION}.baseline",
        )
    exclude = tuple(_str_list(table, "exclude", SECTION, file, what="path globs"))
    for index, text in enumerate(exclude):
        if not text.strip().strip("/") or text.startswith(("/", "..")) or "\\" in text:
            raise ConfigError(
                f"exclude glob {text!r} must be a path relative to the project, such as 'alembic/**'",
                file=file,
                key=f"{SECTION}.exclude[{index}]",
            )
    skipped = table.get("skipped-files", "error")
    if skipped not in ("error", "warn"):
        raise ConfigError(
            f"'skipped-files' must be 'error' or 'warn', got {skipped!r}",
            file=file,
            key=f"{SECTION}.skipped-files",
            hint="'warn' lists files the check cannot analyse without failing; or record them with --update-baseline",
        )
    fingerprint = hashlib.sha256(
        json.dumps([list(config.root_packages), config.source, table], sort_keys=True, default=str).encode()
    ).hexdigest()
    return BoundaryConfig(
        rules=rules,
        exempt=exempt,
        baseline=baseline,
        fingerprint=fingerprint,
        exclude=exclude,
        skipped_files=skipped,
    )


def _rule(raw: Any, key: str, file: str) -> Rule:
    if not isinstance(raw, dict):
        raise ConfigError(f"a rule must be a table, got {raw!r}", file=file, key=key)
    _reject_unknown(raw, _RULE_KEYS, key, file)
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise ConfigError(
            f"'id' must be a short name such as 'module-siblings', got {rule_id!r}",
            file=file,
            key=f"{key}.id",
        )
    source_text = raw.get("from")
    if source_text is None:
        raise ConfigError("missing 'from' (the importers' pattern)", file=file, key=f"{key}.from")
    source = _pattern(source_text, f"{key}.from", file)
    allow = tuple(_pattern(t, f"{key}.allow[{i}]", file) for i, t in enumerate(_str_list(raw, "allow", key, file)))
    forbid = tuple(_pattern(t, f"{key}.forbid[{i}]", file) for i, t in enumerate(_str_list(raw, "forbid", key, file)))
    if not allow and not forbid:
        raise ConfigError("a rule needs 'allow' or 'forbid' patterns", file=file, key=f"{key}.forbid")
    mode = raw.get("mode", "direct")
    if mode not in ("direct", "transitive"):
        raise ConfigError(
            f"'mode' must be 'direct' or 'transitive', got {mode!r}", file=file, key=f"{key}.mode"
        )
    flags = {}
    for name, default in (("type_checking", True), ("strict", False)):
        value = raw.get(name, default)
        if not isinstance(value, bool):
            raise ConfigError(f"'{name}' must be true or false, got {value!r}", file=file, key=f"{key}.{name}")
        flags[name] = value
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise ConfigError(f"'description' must be a string, got {description!r}", file=file, key=f"{key}.description")
    for index, pattern in enumerate((*allow, *forbid)):
        unknown = [c for c in pattern.captures if c not in source.captures]
        if len(unknown) > 1:
            raise ConfigError(
                f"pattern {pattern.text!r} has more than one free capture ({', '.join(unknown)})",
                file=file,
                key=f"{key}.{'allow' if index < len(allow) else 'forbid'}",
            )
    return Rule(
        id=rule_id,
        source=source,
        allow=allow,
        forbid=forbid,
        mode=mode,
        type_checking=flags["type_checking"],
        strict=flags["strict"],
        description=description,
    )


def _pattern(text: Any, key: str, file: str) -> Pattern:
    try:
        return compile_pattern(text)
    except PatternError as exc:
        raise ConfigError(str(exc), file=file, key=key) from None


def _str_list(table: dict[str, Any], name: str, key: str, file: str, what: str = "patterns") -> list[str]:
    value = table.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"'{name}' must be a list of {what}, got {value!r}", file=file, key=f"{key}.{name}")
    return value


def _reject_unknown(table: dict[str, Any], known: tuple[str, ...], key: str, file: str) -> None:
    for name in sorted(table):
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
            raise ConfigError(f"unknown key {name!r}", file=file, key=f"{key}.{name}", hint=hint)
