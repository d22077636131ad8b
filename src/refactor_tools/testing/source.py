"""The `app_source` fixture: which app `app` serves, once per source under `--app-source both`.

A module-level fixture (not a method of the fixtures object) because it is session-scoped:
pytest deprecates wider-scoped fixtures defined as instance methods. Session scope lets app and
client fixtures of any scope depend on it, and makes pytest run all tests of one source, then
all of the other.
"""

from __future__ import annotations

import pytest

BOTH = "both"


@pytest.fixture(name="app_source", scope="session")
def app_source(request: pytest.FixtureRequest) -> str:
    """The source `app` serves: 'legacy' or 'factory' (each in turn under `--app-source both`)."""
    param = getattr(request, "param", None)
    if param is not None:
        return param
    plugin = request.config.pluginmanager.get_plugin("refactor-tools-app")
    return plugin.source
