"""The ASGI entry point: ENABLED_MODULES -> create_app(); exports apiApp, app and wsApp."""

from __future__ import annotations

import os

from trading_api.app_factory import create_app
from trading_api.shared.module_registry import ENV_VAR, ModuleRegistry, parse_enabled_modules

_registry = ModuleRegistry()
enabled_modules = parse_enabled_modules(os.environ.get(ENV_VAR), _registry.known)
apiApp, wsApp = create_app(enabled_modules)
app = apiApp

__all__ = ["apiApp", "app", "wsApp", "enabled_modules"]
