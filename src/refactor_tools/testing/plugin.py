"""Hooks of the active plugin: options, validation, the `module` marker and the isolation guard."""

from __future__ import annotations

import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from . import source as app_source_module
from .fixtures import PLUGIN_MARK, make_fixtures
from .guard import ImportGuard, render_all
from .settings import SOURCES, AppSettings, ensure_importable, unknown_module_message

FIXTURES_PLUGIN = "refactor-tools-app-fixtures"
SOURCE_PLUGIN = "refactor-tools-app-source"
BOTH = app_source_module.BOTH
SOURCE_PROPERTY = "app_source"  # the JUnit XML property naming a test's app source
WORKER_KEY = "refactor_tools_isolation"


class AppPlugin:
    """Registered only in projects with `[tool.refactor-tools.app]`."""

    def __init__(self, settings: AppSettings) -> None:
        self.settings = settings
        self.guard: ImportGuard | None = None
        self.isolated: str | None = None
        self.inserted_path: str | None = None
        self.messages: list[str] = []
        self.source = settings.default_source

    def pytest_addoption(self, parser: pytest.Parser) -> None:
        """Add the plugin's options, in one group."""
        group = parser.getgroup("refactor-tools", "refactor-tools app fixtures")
        group.addoption(
            "--app-source",
            dest="refactor_tools_app_source",
            choices=(*SOURCES, BOTH),
            default=None,
            help="what the `app` fixture serves: the module-global legacy app or a fresh app from "
            "the factory; 'both' runs every test that uses the app once per source, in one process "
            f"(default: [tool.refactor-tools.app] source, here {self.settings.default_source!r})",
        )
        group.addoption(
            "--isolated-module",
            dest="refactor_tools_isolated_module",
            metavar="NAME",
            default=None,
            help="fail the session when code of any other module under <package>.modules is imported",
        )

    def prepare(self) -> None:
        """Make the project importable before conftests are loaded."""
        self.inserted_path = ensure_importable(self.settings)

    def start_guard(self, isolated: str | None) -> None:
        """Install the import guard early (before conftests load) when the name is valid."""
        if isolated and isolated in self.settings.modules and self.guard is None:
            self.guard = ImportGuard(self.settings.modules_prefix, isolated)
            self.guard.install()

    def pytest_configure(self, config: pytest.Config) -> None:
        """Validate the options, then register the marker, the fixtures and the guard."""
        source = config.getoption("refactor_tools_app_source") or self.settings.default_source
        if source == "factory" and self.settings.factory is None:
            raise pytest.UsageError(
                f"--app-source factory: no factory configured in [tool.refactor-tools.app] of "
                f"{self.settings.pyproject}; add factory = 'package.module:create_app'"
            )
        if source in ("legacy", BOTH) and self.settings.legacy is None:
            raise pytest.UsageError(
                f"--app-source {source}: no legacy app configured in [tool.refactor-tools.app] of "
                f"{self.settings.pyproject}; add legacy = 'package.module:app'"
            )
        if source == BOTH and self.settings.factory is None:
            raise pytest.UsageError(
                f"--app-source both: no factory configured in [tool.refactor-tools.app] of "
                f"{self.settings.pyproject}; add factory = 'package.module:create_app'"
            )
        self.source = source
        isolated = config.getoption("refactor_tools_isolated_module")
        if isolated is not None:
            message = unknown_module_message(isolated, self.settings.modules, "--isolated-module")
            if message:
                raise pytest.UsageError(message)
            self.isolated = isolated
            self.start_guard(isolated)
        config.addinivalue_line("markers", "module(name): the test belongs to the named app module")
        fixtures = make_fixtures(self.settings, source, self.isolated)
        config.pluginmanager.register(fixtures, FIXTURES_PLUGIN)
        config.pluginmanager.register(app_source_module, SOURCE_PLUGIN)

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """Under `--app-source both`, run every test that uses the app once per source."""
        if self.source == BOTH and "app_source" in metafunc.fixturenames:
            metafunc.parametrize("app_source", SOURCES, indirect=True, ids=SOURCES)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """Remove the guard and the sys.path entry this plugin added."""
        if self.guard is not None:
            self.guard.uninstall()
        if self.inserted_path is not None and self.inserted_path in sys.path:
            sys.path.remove(self.inserted_path)

    def pytest_report_header(self, config: pytest.Config) -> str:
        """Say which app the fixtures serve."""
        source = config.getoption("refactor_tools_app_source") or self.settings.default_source
        header = f"refactor-tools: app source {source}, modules: {', '.join(self.settings.modules) or '-'}"
        if self.isolated:
            header += f", isolated module: {self.isolated}"
        return header

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Mark tests under `<package>/modules/<m>/tests` with `module(<m>)`."""
        modules_dir = self.settings.modules_dir
        for item in items:
            module = _module_of(Path(item.path), modules_dir)
            if module is not None:
                item.add_marker(pytest.mark.module(module))
            if "app_source" in getattr(item, "fixturenames", ()):
                # Reports (JUnit XML properties) say which app a test ran against.
                callspec = getattr(item, "callspec", None)
                source = callspec.params.get("app_source") if callspec is not None else None
                item.user_properties.append((SOURCE_PROPERTY, source or self.source))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Warn when `--app-source` is given but the suite's own fixtures shadow the plugin's.

        A suite-defined `app`/`client`/`async_client` that does not itself request the plugin's
        `app` or `app_source` serves whatever the suite builds: the option would do nothing there.
        """
        if session.config.getoption("refactor_tools_app_source") is None:
            return
        p = self.settings.fixture_prefix
        app_name = f"{p}app"
        watched = {app_name, f"{p}client", f"{p}async_client"}
        shadowed: dict[str, set[str]] = {}
        for item in session.items:
            info = getattr(item, "_fixtureinfo", None)
            for name in watched & set(getattr(info, "name2fixturedefs", {})):
                closest = info.name2fixturedefs[name][-1]
                if getattr(closest.func, PLUGIN_MARK, False):
                    continue
                if {app_name, "app_source"} & set(closest.argnames) and name != app_name:
                    continue  # built on the plugin's app: the option still decides
                shadowed.setdefault(name, set()).add(f"{closest.baseid}/conftest.py" if closest.baseid else "conftest.py")
        if shadowed:
            import warnings

            listing = "; ".join(f"`{n}` (defined in {', '.join(sorted(w))})" for n, w in sorted(shadowed.items()))
            warnings.warn(pytest.PytestWarning(
                f"refactor-tools: --app-source {self.source} has no effect on tests that use the suite's "
                f"own {listing}: the suite's fixture shadows the plugin's. Remove it, build it on the "
                f"plugin's `{app_name}`, or set [tool.refactor-tools.app] fixture-prefix to use the "
                f"plugin's fixtures under other names."
            ), stacklevel=1)

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        """Name the running test in violations recorded from now on."""
        if self.guard is not None:
            self.guard.phase = f"while running {nodeid}"

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[Any]) -> Generator[None, Any, Any]:
        """Turn a test's teardown into an error when another module was imported meanwhile."""
        report = yield
        if self.guard is not None and call.when == "teardown":
            found = self.guard.take()
            if found:
                report.outcome = "failed"
                report.longrepr = "isolation guard: " + render_all(found, self.guard.isolated)
        return report

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Fail the session on violations no test report carried; hand them to the xdist controller."""
        if self.guard is not None:
            leftover = self.guard.sweep()
            if leftover:
                self.messages.append(render_all(leftover, self.guard.isolated))
        workeroutput = getattr(session.config, "workeroutput", None)
        if workeroutput is not None:
            workeroutput[WORKER_KEY] = list(self.messages)
        elif self.messages:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """Collect the violations an xdist worker found in its own process."""
        output = getattr(node, "workeroutput", None) or {}
        for message in output.get(WORKER_KEY, ()):
            if message not in self.messages:
                self.messages.append(message)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Print the violations found outside any test's teardown."""
        if self.messages:
            terminalreporter.section("refactor-tools isolation guard", red=True, bold=True)
            for message in self.messages:
                terminalreporter.line(message)
            terminalreporter.line("isolation guard: FAILED (see above)", red=True)


def _module_of(path: Path, modules_dir: Path) -> str | None:
    try:
        parts = path.relative_to(modules_dir).parts
    except ValueError:
        return None
    if len(parts) >= 3 and parts[1] == "tests":
        return parts[0]
    return None
