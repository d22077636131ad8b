"""Feature modules: each sub-package is one module, found by the registry."""
