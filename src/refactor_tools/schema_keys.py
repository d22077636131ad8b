"""Every key of `[tool.refactor-tools]`, without pydantic: the check `load_config` runs each time.

`check-boundaries` runs before every commit and its warm path imports neither Typer nor pydantic,
so loading the configuration checks key names here; only when a name is unknown does it ask the
pydantic models (`schema.validate_table`) for the full report with "did you mean". Values are
checked by the models in `refactor-tools config` and by each subsystem when it reads its table.
`tests/schema` keeps this tree equal to the models.
"""

from __future__ import annotations

from typing import Any

# key -> None (a value) or (kind, sub-keys) with kind "table" or "list" (an array of tables)
KEYS: dict[str, Any] = {
    "package": None, "source": None, "plan": None, "progress": None, "baseline": None,
    "env-file": None, "env": None,
    "app": ("table", {"legacy": None, "factory": None, "source": None, "modules": None,
                      "client-scope": None, "app-scope": None, "fixture-prefix": None}),
    "specs": ("table", {"openapi": None, "asyncapi": None, "out": None, "env": None, "copy-untracked": None,
                       "timeout": None}),
    "boundaries": ("table", {
        "baseline": None, "exempt": None, "exclude": None, "skipped-files": None,
        "rules": ("list", {"id": None, "from": None, "allow": None, "forbid": None, "mode": None,
                           "strict": None, "type_checking": None, "description": None}),
    }),
    "driver": ("table", {"pytest-args": None, "app-sources": None, "timeout": None, "workers": None,
                         "skip-unchanged": None, "commit-hooks": None,
                         "overlap-specs": None, "lookahead": None}),
    "gates": ("table", {"commands": ("list", {"name": None, "command": None, "run": None, "timeout": None}),
                        "coverage": ("table", {"tolerance": None})}),
    "codemods": ("table", {"after": None}),
}


def unknown_keys(table: dict[str, Any], keys: dict[str, Any] = KEYS) -> bool:
    """Return True when `table` (or a sub-table) has a key the schema does not know."""
    for name, value in table.items():
        if name not in keys:
            return True
        spec = keys[name]
        if spec is None:
            continue
        kind, sub = spec
        items = [value] if kind == "table" else (value if isinstance(value, list) else [])
        if any(isinstance(item, dict) and unknown_keys(item, sub) for item in items):
            return True
    return False
