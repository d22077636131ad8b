"""Read `[tool.refactor-tools.app]` once and resolve what the plugin's fixtures serve.

Nothing here imports the project: module names come from the configuration or from the
file system, and `resolve` is only called from inside fixtures.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..adapters.pyproject import read_pyproject
from ..errors import ConfigError

SOURCES = ("legacy", "factory")
APP_TABLE = "tool.refactor-tools.app"
SCOPES = ("function", "module", "session")  # narrowest first


class SettingsError(ConfigError):
    """The `[tool.refactor-tools.app]` table is wrong (exit 2); the message names file and key."""


@dataclass(frozen=True)
class AppSettings:
    """What the project's `[tool.refactor-tools]` table says about its apps and modules."""

    pyproject: Path
    package: str
    source_dir: Path
    legacy: str | None
    factory: str | None
    default_source: str
    modules: tuple[str, ...]
    app_scope: str = "function"
    client_scope: str = "function"
    fixture_prefix: str = ""

    @property
    def modules_prefix(self) -> str:
        """Return the dotted prefix under which the modules live, e.g. `shop.modules.`."""
        return f"{self.package}.modules."

    @property
    def modules_dir(self) -> Path:
        """Return the directory that holds one folder per module."""
        return self.source_dir.joinpath(*self.package.split("."), "modules")


def find_pyproject(rootdir: Path) -> Path | None:
    """Return the nearest pyproject.toml at or above `rootdir`, or None."""
    rootdir = rootdir.resolve()
    for candidate in (rootdir, *rootdir.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return path
    return None


def load_settings(rootdir: Path) -> AppSettings | None:
    """Return the app settings of the project around `rootdir`; None when the table is absent.

    Raises:
        SettingsError: the file cannot be parsed or a key has a wrong type or value.
    """
    pyproject = find_pyproject(rootdir)
    if pyproject is None:
        return None
    try:
        data = read_pyproject(pyproject)
    except ConfigError as exc:
        raise SettingsError(exc.message, hint=exc.hint) from None
    table = data.get("tool", {}).get("refactor-tools")
    if not isinstance(table, dict) or "app" not in table:
        return None
    app = table["app"]
    if not isinstance(app, dict):
        raise SettingsError(f"{pyproject}: [{APP_TABLE}] must be a table, got {app!r}")
    return _build(pyproject, table, app)


def _build(pyproject: Path, table: dict[str, Any], app: dict[str, Any]) -> AppSettings:
    def fail(key: str, message: str) -> SettingsError:
        return SettingsError(f"{pyproject}: [{APP_TABLE}] {key}: {message}")

    package = table.get("package")
    if isinstance(package, list) and package:
        package = package[0]  # several root packages: the app is the first
    if not isinstance(package, str) or not package:
        raise SettingsError(
            f"{pyproject}: [tool.refactor-tools] package: expected the root package's "
            f"dotted name, got {package!r}"
        )
    source = table.get("source", ".")
    if not isinstance(source, str):
        raise SettingsError(f"{pyproject}: [tool.refactor-tools] source: expected a path, got {source!r}")
    refs: dict[str, str | None] = {}
    for key in SOURCES:
        value = app.get(key)
        if value is not None and (not isinstance(value, str) or ":" not in value):
            raise fail(key, f"expected 'package.module:attribute', got {value!r}")
        refs[key] = value
    if refs["legacy"] is None and refs["factory"] is None:
        raise fail("legacy/factory", "set at least one of legacy = 'pkg.mod:app' or factory = 'pkg.mod:create_app'")
    default = app.get("source", "legacy")
    if default not in SOURCES:
        raise fail("source", f"unknown app source {default!r}; choose from {', '.join(SOURCES)}")
    if refs[default] is None:
        raise fail("source", f"source = {default!r} but no {default!r} key is set")
    source_dir = (pyproject.parent / source).resolve()
    modules = app.get("modules")
    if modules is None:
        found = _discover_modules(source_dir.joinpath(*package.split("."), "modules"))
    elif isinstance(modules, list) and all(isinstance(m, str) and m for m in modules):
        found = tuple(sorted(set(modules)))
    else:
        raise fail("modules", f"expected a list of module names, got {modules!r}")
    scopes = {}
    for key in ("app-scope", "client-scope"):
        scopes[key] = app.get(key, "function")
        if scopes[key] not in SCOPES:
            raise fail(key, f"unknown scope {scopes[key]!r}; choose from {', '.join(SCOPES)}")
    if SCOPES.index(scopes["client-scope"]) > SCOPES.index(scopes["app-scope"]):
        raise fail(
            "client-scope",
            f"{scopes['client-scope']!r} is wider than app-scope {scopes['app-scope']!r}: a client lives "
            f"at most as long as its app; set app-scope = {scopes['client-scope']!r} too",
        )
    prefix = app.get("fixture-prefix", "")
    if not isinstance(prefix, str) or (prefix and not (prefix + "x").isidentifier()):
        raise fail("fixture-prefix", f"expected the start of a Python identifier such as \"rt_\", got {prefix!r}")
    return AppSettings(
        pyproject=pyproject,
        package=package,
        source_dir=source_dir,
        legacy=refs["legacy"],
        factory=refs["factory"],
        default_source=default,
        modules=found,
        app_scope=scopes["app-scope"],
        client_scope=scopes["client-scope"],
        fixture_prefix=prefix,
    )


def _discover_modules(modules_dir: Path) -> tuple[str, ...]:
    if not modules_dir.is_dir():
        return ()
    return tuple(
        sorted(p.parent.name for p in modules_dir.glob("*/__init__.py") if not p.parent.name.startswith(("_", ".")))
    )


def ensure_importable(settings: AppSettings) -> str | None:
    """Put the project's source dir first on sys.path when its package is not importable.

    Returns:
        The inserted path (to remove later), or None when nothing was inserted.
    """
    top = settings.package.split(".")[0]
    if top in sys.modules or importlib.util.find_spec(top) is not None:
        return None
    entry = str(settings.source_dir)
    sys.path.insert(0, entry)
    importlib.invalidate_caches()
    return entry


def resolve(reference: str) -> Any:
    """Import `package.module:attr.path` and return the attribute."""
    module_name, _, attr_path = reference.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in attr_path.split("."):
        obj = getattr(obj, part)
    return obj


def unknown_module_message(name: str, known: tuple[str, ...], what: str) -> str | None:
    """Return an error naming `name`, the known modules and a close match; None if known."""
    if name in known:
        return None
    import difflib

    listing = ", ".join(known) if known else "(none found)"
    message = f"unknown module {name!r} in {what}. Known modules: {listing}."
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        message += f" Did you mean {close[0]!r}?"
    return message
