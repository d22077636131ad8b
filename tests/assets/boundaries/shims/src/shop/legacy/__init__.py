# refactor-tools: shim -> shop.modules.beta
"""Deprecated alias of `shop.modules.beta`: `shop.legacy` moved there; import it from its new path."""

import importlib as _importlib
import importlib.abc as _abc
import importlib.util as _util
import sys as _sys
import warnings as _warnings

_OLD = "shop.legacy"
_NEW = "shop.modules.beta"


class _Alias(_abc.MetaPathFinder, _abc.Loader):
    """Resolve `shop.legacy.<sub>` to the already moved `shop.modules.beta.<sub>` module object."""

    _real = {}

    def find_spec(self, name, path=None, target=None):
        if name.startswith(_OLD + "."):
            return _util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        new = _NEW + spec.name[len(_OLD) :]
        _warnings.warn(
            f"{spec.name} is deprecated: it moved to {new}; import it from there",
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
    "shop.legacy is deprecated: it moved to shop.modules.beta; import it from there",
    DeprecationWarning,
    stacklevel=2,
)
if not any(getattr(f, "_refactor_tools_alias", None) == _OLD for f in _sys.meta_path):
    _finder = _Alias()
    _finder._refactor_tools_alias = _OLD
    _sys.meta_path.insert(0, _finder)
# Hand out the real package, so `mock.patch("shop.legacy.x")` patches what the code uses.
_sys.modules[__name__] = _importlib.import_module(_NEW)
