"""The plugin's fixtures: `app`, `client`, `async_client`, `module_app` and one pair per module.

Fixtures live on a plugin object (methods see the resolved settings through `self`); the
per-module fixtures are added to a subclass built at configure time, so adding a module to the
project needs no code here. FastAPI, Starlette and httpx are imported inside the fixtures.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from .settings import AppSettings, resolve, unknown_module_message

try:  # Strict-mode projects need the pytest-asyncio decorator; auto mode accepts both.
    from pytest_asyncio import fixture as _async_fixture
except ImportError:  # pragma: no cover - pytest-asyncio not installed
    _async_fixture = pytest.fixture


def fixture_ident(module: str) -> str:
    """Return the identifier used in a module's fixture names (`-` becomes `_`)."""
    return module.replace("-", "_").replace(".", "_")


def _first(built: Any) -> Any:
    # A factory may return (api_app, ws_app, ...): the first element is the ASGI app served.
    return built[0] if isinstance(built, tuple) else built


class AppFixtures:
    """Fixtures over the project's legacy app or its app factory."""

    def __init__(self, settings: AppSettings, source: str, isolated: str | None) -> None:
        self.settings = settings
        self.source = source
        self.isolated = isolated

    def build(self, kwargs: dict[str, Any]) -> Any:
        """Call the configured factory with `kwargs` and return the app it built."""
        if self.settings.factory is None:
            pytest.fail(
                f"no app factory configured: add factory = 'package.module:create_app' to "
                f"[tool.refactor-tools.app] in {self.settings.pyproject}",
                pytrace=False,
            )
        return _first(resolve(self.settings.factory)(**kwargs))

    @pytest.fixture(name="app_factory_kwargs")
    def app_factory_kwargs(self) -> dict[str, Any]:
        """Extra keyword arguments for the app factory; override this fixture in a conftest."""
        return {}

    @pytest.fixture(name="app")
    def app(self, app_factory_kwargs: dict[str, Any], app_source: str) -> Any:
        """The app under test: the module-global legacy app, or a fresh app from the factory."""
        if app_source == "legacy":
            return resolve(self.settings.legacy)
        kwargs = dict(app_factory_kwargs)
        if self.isolated is not None:
            # An isolated run must not import other modules: build the app with its module only.
            kwargs["enabled_modules"] = [self.isolated]
        return self.build(kwargs)

    @pytest.fixture(name="client")
    def client(self, app: Any) -> Iterator[Any]:
        """A Starlette TestClient over `app`, with the app's lifespan running."""
        from starlette.testclient import TestClient

        with TestClient(app) as test_client:
            yield test_client

    @_async_fixture(name="async_client")
    async def async_client(self, app: Any) -> AsyncIterator[Any]:
        """An httpx AsyncClient over ASGITransport(app), inside the app's lifespan."""
        import httpx

        # ASGITransport does not run the lifespan; run it so background tasks start and stop.
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                yield http

    @pytest.fixture(name="module_app")
    def module_app(self, app_factory_kwargs: dict[str, Any]) -> Callable[..., Any]:
        """Return `module_app(*names)`: a fresh factory app with only the named modules enabled."""
        if self.settings.factory is None:
            pytest.fail(
                "module_app needs an app factory, but only a legacy app is configured: add "
                f"factory = 'package.module:create_app' to [tool.refactor-tools.app] in "
                f"{self.settings.pyproject}",
                pytrace=False,
            )

        def build(*names: str) -> Any:
            for name in names:
                message = unknown_module_message(name, self.settings.modules, "module_app()")
                if message:
                    pytest.fail(message, pytrace=False)
            return self.build({**app_factory_kwargs, "enabled_modules": list(names)})

        return build


def _module_app_fixture(module: str) -> Callable[..., Any]:
    def fixture(self: AppFixtures, module_app: Callable[..., Any]) -> Any:
        return module_app(module)

    fixture.__doc__ = f"A fresh app from the factory with only module {module!r} enabled."
    return pytest.fixture(name=f"{fixture_ident(module)}_app")(fixture)


def _module_client_fixture(module: str) -> Callable[..., Any]:
    app_name = f"{fixture_ident(module)}_app"

    def fixture(self: AppFixtures, **requested: Any) -> Iterator[Any]:
        from starlette.testclient import TestClient

        with TestClient(requested[app_name]) as test_client:
            yield test_client

    # Depend on `<module>_app` by name, so a conftest that overrides it changes the client too.
    fixture.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter(app_name, inspect.Parameter.KEYWORD_ONLY),
        ]
    )
    fixture.__doc__ = f"A TestClient over `{app_name}`, with its lifespan running."
    return pytest.fixture(name=f"{fixture_ident(module)}_client")(fixture)


def make_fixtures(settings: AppSettings, source: str, isolated: str | None) -> AppFixtures:
    """Return the fixture plugin object, with `<module>_app`/`<module>_client` for every module."""
    attrs: dict[str, Any] = {}
    for module in settings.modules:
        ident = fixture_ident(module)
        attrs[f"_generated_{ident}_app"] = _module_app_fixture(module)
        attrs[f"_generated_{ident}_client"] = _module_client_fixture(module)
    cls = type("ProjectAppFixtures", (AppFixtures,), attrs)
    return cls(settings, source, isolated)
