# refactor-tools: shim -> shop.modules.beta.helpers
"""Deprecated alias of `shop.modules.beta.helpers`: `shop.common` moved there; import it from its new path."""

import importlib as _importlib
import sys as _sys
import warnings as _warnings

_warnings.warn(
    "shop.common is deprecated: it moved to shop.modules.beta.helpers; import it from there",
    DeprecationWarning,
    stacklevel=2,
)
# Hand out the real module, so `mock.patch("shop.common.x")` patches what the code uses.
_sys.modules[__name__] = _importlib.import_module("shop.modules.beta.helpers")
