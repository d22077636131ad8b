"""Scaffold files from templates, with values from the plan.

Built-in templates (generic, in `templates/`): `module_interface`, `module_registry`,
`package_init`, `main`, `makefile_modules`, `ci_workflow`. A plan may also name a template
file of its own project (`template = "plans/templates/app_factory.py.tmpl"`): factories and
module classes differ between apps, so their templates belong to the project.

Templates use `string.Template` placeholders (`${name}`); every placeholder must get a value
and every value must be used, so a typo in a plan is an error that names the key.

Public API:
    render(template, values, *, root=None) -> str
    known_templates() -> list[str]
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any, Mapping

from ..errors import ConfigError

_HERE = Path(__file__).parent / "templates"

# Values every built-in template may use without the plan giving them.
_DEFAULTS: dict[str, dict[str, Any]] = {
    "main": {"env_var": "ENABLED_MODULES", "api_name": "apiApp", "ws_name": "wsApp"},
    "module_registry": {"env_var": "ENABLED_MODULES"},
    "package_init": {"docstring": "Package."},
    "makefile_modules": {"python": "$(PY)", "pytest_args": "-n auto -q"},
    "ci_workflow": {"python_version": "3.11", "install": "pip install -e '.[dev]'", "integration_dir": "tests"},
}


def known_templates() -> list[str]:
    """Return the names of the built-in templates."""
    return sorted(p.name.removesuffix(".tmpl") for p in _HERE.glob("*.tmpl"))


def _load(template: str, root: Path | None) -> tuple[str, str]:
    """Return (name, text) of a built-in template or a project template file."""
    builtin = _HERE / f"{template}.tmpl"
    if builtin.is_file():
        return template, builtin.read_text(encoding="utf-8")
    if root is not None and template.endswith(".tmpl"):
        path = Path(root) / template
        if path.is_file():
            return template, path.read_text(encoding="utf-8")
        raise ConfigError(f"template file {template!r} not found under {root}", key="template")
    raise ConfigError(
        f"unknown template {template!r}",
        key="template",
        hint="built-in templates: " + ", ".join(known_templates())
        + "; or give a project file path ending in .tmpl",
    )


def _text(value: Any) -> str:
    """Render a value: strings as they are, everything else as JSON (valid Python/TOML/YAML)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)


def render(template: str, values: Mapping[str, Any], *, root: Path | None = None) -> str:
    """Return the template filled with `values`.

    Args:
        template: a built-in template name or a project template path ending in `.tmpl`.
        values: the placeholders' values; lists of strings may be joined by the template.
        root: the project root, for project template paths.

    Raises:
        ConfigError: unknown template, a placeholder without a value, or an unused value.
    """
    name, text = _load(template, root)
    merged = {**_DEFAULTS.get(name, {}), **values}
    tmpl = string.Template(text)
    wanted = {
        m.group("named") or m.group("braced")
        for m in tmpl.pattern.finditer(text)
        if m.group("named") or m.group("braced")
    }
    missing = sorted(wanted - set(merged))
    if missing:
        raise ConfigError(
            f"template {name!r} needs value(s) {', '.join(missing)}",
            key="values",
            hint="add them to the scaffold action's `values` table",
        )
    unused = sorted(set(values) - wanted)
    if unused:
        raise ConfigError(
            f"template {name!r} has no placeholder for value(s) {', '.join(unused)}",
            key="values",
            hint="placeholders: " + ", ".join(sorted(wanted)),
        )
    return tmpl.substitute({key: _text(merged[key]) for key in wanted})
