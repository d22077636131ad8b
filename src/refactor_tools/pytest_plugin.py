"""pytest plugin of refactor-tools: one test suite against a legacy app and an app factory.

Active only in projects whose pyproject.toml (at the rootdir, or the nearest one above it) has a
`[tool.refactor-tools.app]` table; elsewhere it adds no fixtures and no options.

Fixtures: `app` (`--app-source legacy|factory`, default from the table), `client` (TestClient,
lifespan running), `async_client` (httpx over ASGITransport, inside the app's lifespan),
`app_factory_kwargs` (override it to pass settings to the factory), `module_app(*names)` and,
for every module under `<package>/modules`, `<name>_app` and `<name>_client`.

Tests under `<package>/modules/<m>/tests` get the `module(<m>)` marker. `--isolated-module <m>`
fails the run when code of another module under `<package>.modules` is imported, naming the
module and the import chain. Under xdist each worker guards its own process: a violation fails
the teardown of the test that caused it, and anything left is sent to the controller, which
fails the session too.

Parallel runs: use `-n auto` with the default `--dist load`, or `--dist loadscope`/`loadfile`
to keep a module's or file's tests on one worker. `--dist loadgroup` is avoided: with pytest
9.2 and pytest-xdist 3.8 the `xdist_group` marks are silently ignored, so tests meant to share a
worker do not.

This module stays tiny because every test run (and every xdist worker) imports it; the rest
lives in `refactor_tools.testing` and is imported only in projects that use the plugin.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PLUGIN_NAME = "refactor-tools-app"


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser: pytest.Parser, args: list[str]) -> None:
    """Activate the app plugin when the project configures `[tool.refactor-tools.app]`."""
    # The rootdir is known here (not yet in pytest_addoption), and options added now are still
    # parsed: the active plugin's pytest_addoption is a historic hook, called on registration.
    from .testing.settings import SettingsError, load_settings

    try:
        settings = load_settings(Path(early_config.rootpath))
    except SettingsError as exc:
        raise pytest.UsageError(f"refactor-tools: {exc}") from None
    if settings is None:
        return
    from .testing.plugin import AppPlugin

    plugin = AppPlugin(settings)
    early_config.pluginmanager.register(plugin, PLUGIN_NAME)
    plugin.prepare()
    # Start the isolation guard before the conftests are imported; the name is checked in
    # pytest_configure, which reports a bad one as a usage error.
    known = parser.parse_known_args(list(args))
    plugin.start_guard(getattr(known, "refactor_tools_isolated_module", None))
