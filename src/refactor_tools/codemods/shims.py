"""Re-export shims left at a moved module's old path, and how to find them again."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .file_data import has_main_block, is_alembic_revision

MARKER = "# refactor-tools: shim -> "
_MARKER_RE = re.compile(r"^# refactor-tools: shim -> ([A-Za-z_][\w.]*)\s*$", re.MULTILINE)

_MODULE_SHIM = '''{marker}{new}
"""Deprecated alias of a moved module: import it from its new path.

Old path: {old}
New path: {new}
"""

import importlib as _importlib
import sys as _sys
import warnings as _warnings

_NEW = "{new}"

_warnings.warn(
    f"{{__name__}} is deprecated: it moved to {{_NEW}}; import it from there",
    DeprecationWarning,
    stacklevel=2,
)
# Hand out the real module: patching a name at the old path patches what the code uses.
_sys.modules[__name__] = _importlib.import_module(_NEW)
'''

_SCRIPT_SHIM = '''{marker}{new}
"""Deprecated alias of a moved module: import or run it from its new path.

Old path: {old}
New path: {new}
"""

import importlib as _importlib
import sys as _sys
import warnings as _warnings

_NEW = "{new}"

if __name__ == "__main__":
    # Run by its old path (`python {old_path}`
    # or `python -m {old}`): run the new module.
    import pathlib as _pathlib
    import runpy as _runpy

    _root = str(_pathlib.Path(__file__).resolve().parents[{depth}])
    if _root not in _sys.path:
        _sys.path.insert(0, _root)
    _runpy.run_module(_NEW, run_name="__main__", alter_sys=True)
else:
    _warnings.warn(
        f"{{__name__}} is deprecated: it moved to {{_NEW}}; import it from there",
        DeprecationWarning,
        stacklevel=2,
    )
    # Hand out the real module: patching a name at the old path patches what the code uses.
    _sys.modules[__name__] = _importlib.import_module(_NEW)
'''

_PACKAGE_SHIM = '''{marker}{new}
"""Deprecated alias of a moved package: import it from its new path.

Old path: {old}
New path: {new}
"""

import importlib as _importlib
import importlib.abc as _abc
import importlib.util as _util
import sys as _sys
import warnings as _warnings

_OLD = "{old}"
_NEW = "{new}"


class _Alias(_abc.MetaPathFinder, _abc.Loader):
    """Resolve each submodule of the old path to the moved module object."""

    _real = {{}}

    def find_spec(self, name, path=None, target=None):
        if name.startswith(_OLD + "."):
            return _util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        new = _NEW + spec.name[len(_OLD) :]
        _warnings.warn(
            f"{{spec.name}} is deprecated: it moved to {{new}}; import it from there",
            DeprecationWarning,
            stacklevel=2,
        )
        module = _importlib.import_module(new)
        self._real[spec.name] = module.__spec__
        return module

    def exec_module(self, module):
        # The import system stamped the alias spec on the real module: put its own back.
        module.__spec__ = self._real.pop(module.__spec__.name, module.__spec__)


_warnings.warn(
    f"{{_OLD}} is deprecated: it moved to {{_NEW}}; import it from there",
    DeprecationWarning,
    stacklevel=2,
)
if not any(getattr(f, "_refactor_tools_alias", None) == _OLD for f in _sys.meta_path):
    _finder = _Alias()
    _finder._refactor_tools_alias = _OLD
    _sys.meta_path.insert(0, _finder)
# Hand out the real package: patching a name at the old path patches what the code uses.
_sys.modules[__name__] = _importlib.import_module(_NEW)
'''


def shim_source(old: str, new: str, *, package: bool, script: bool = False) -> str:
    """Return the text of a shim at `old` that stands for `new` (runnable when `script`)."""
    if script and not package:
        old_path = old.replace(".", "/") + ".py"
        return _SCRIPT_SHIM.format(marker=MARKER, old=old, new=new, old_path=old_path, depth=old.count("."))
    template = _PACKAGE_SHIM if package else _MODULE_SHIM
    return template.format(marker=MARKER, old=old, new=new)


def _kind(path: Path) -> tuple[bool, bool]:
    """Return (is a script with a `__main__` block, is an alembic revision)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return False, False
    return has_main_block(tree), is_alembic_revision(tree)


def shim_target(text: str) -> str | None:
    """Return the new path a shim stands for, or None when the text is not a shim."""
    match = _MARKER_RE.search(text[:400])
    return match.group(1) if match else None


def shim_files(old: str, new: str, location_is_package: bool, moved: list[tuple[Path, Path]],
               old_root: Path) -> dict[Path, str]:
    """Return the shim files (path -> text) for a moved module or package.

    For a package every moved module gets its own marked shim too, so `remove-shims` finds
    them and the layout stays recognisable; the package shim's import hook is what serves
    `old.sub` at run time.
    """
    if not location_is_package:
        script, _ = _kind(old_root)
        return {old_root: shim_source(old, new, package=False, script=script)}
    out: dict[Path, str] = {}
    for src, _dst in moved:
        if src.suffix != ".py":
            continue
        script, revision = _kind(src)
        if revision:
            continue  # alembic would load a shim as a second revision with the same id
        parts = src.relative_to(old_root).with_suffix("").parts
        is_init = parts[-1] == "__init__"
        sub = ".".join(parts[:-1] if is_init else parts)
        old_name = f"{old}.{sub}" if sub else old
        new_name = f"{new}.{sub}" if sub else new
        out[src] = shim_source(old_name, new_name, package=is_init and not sub, script=script)
    return out
