"""Find the app's modules without importing them, validate a selection, then load it.

Steps (each explicit, each failing loudly): discover names -> resolve the selection
(reject unknown, empty and duplicate names) -> import only the selected packages -> build.
`python -m trading_api.shared.module_registry` prints the known module names as JSON.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import json
import pkgutil
from typing import TYPE_CHECKING, Iterable, List, Optional, Sequence

if TYPE_CHECKING:
    from trading_api.shared.module_interface import Module
    from trading_api.shared.settings import Settings

MODULES_PACKAGE = "trading_api.modules"
ENV_VAR = "ENABLED_MODULES"


class ModuleSelectionError(ValueError):
    """A module selection names an unknown module, nothing, or a module twice."""


def discover_module_names(package: str = MODULES_PACKAGE) -> List[str]:
    """Return the sorted names of the sub-packages of `package`, importing none of them."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleSelectionError(f"Package {package!r} of the app's modules cannot be found.")
    names = {
        info.name
        for info in pkgutil.iter_modules(list(spec.submodule_search_locations))
        if info.ispkg and not info.name.startswith("_") and info.name != "tests"
    }
    return sorted(names)


def _known(names: Sequence[str]) -> str:
    return ", ".join(names) or "none"


def _hint(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def parse_enabled_modules(raw: Optional[str], known: Sequence[str]) -> List[str]:
    """Parse an ENABLED_MODULES value: `all` (or unset) or a comma list of module names."""
    if raw is None or raw.strip().lower() == "all":
        return list(known)
    names = [part.strip() for part in raw.split(",")]
    if not any(names):
        raise ModuleSelectionError(
            f"{ENV_VAR}={raw!r} selects no module. Known: {_known(known)}. "
            "Use 'all' or a comma-separated list of module names."
        )
    if "" in names:
        raise ModuleSelectionError(
            f"{ENV_VAR}={raw!r} contains an empty name. Known: {_known(known)}. "
            "Remove the extra comma."
        )
    return resolve_module_names(names, known, source=ENV_VAR)


def resolve_module_names(
    names: Iterable[str], known: Sequence[str], source: str = "enabled_modules"
) -> List[str]:
    """Check a selection against the known names and return it in its given order."""
    selected: List[str] = []
    for name in names:
        if name not in known:
            raise ModuleSelectionError(
                f"Unknown module {name!r} in {source}. Known: {_known(known)}.{_hint(name, known)}"
            )
        if name in selected:
            raise ModuleSelectionError(
                f"Module {name!r} is listed twice in {source}. Known: {_known(known)}. List each module once."
            )
        selected.append(name)
    return selected


class ModuleRegistry:
    """The modules of one app: discovered by name, loaded only when selected."""

    def __init__(self, package: str = MODULES_PACKAGE) -> None:
        self.package = package
        self.known = discover_module_names(package)

    def resolve(self, enabled: Optional[Sequence[str]]) -> List[str]:
        """Return the selected names (None = every known module), validated."""
        if enabled is None:
            return list(self.known)
        if isinstance(enabled, str):
            return parse_enabled_modules(enabled, self.known)
        return resolve_module_names(enabled, self.known)

    def load(self, names: Sequence[str], settings: Settings) -> List[Module]:
        """Import the packages of `names` (and only those) and build one module object each."""
        modules = []
        for name in names:
            package = importlib.import_module(f"{self.package}.{name}")
            module_class = getattr(package, "MODULE_CLASS", None)
            if module_class is None:
                raise ModuleSelectionError(
                    f"Module package {package.__name__!r} defines no MODULE_CLASS. "
                    "Set MODULE_CLASS = <YourModule> in its __init__.py."
                )
            modules.append(module_class(settings))
        return modules


def main() -> None:
    """Print the known module names as a JSON list."""
    print(json.dumps(discover_module_names()))


if __name__ == "__main__":
    main()
