"""The plugin's fixtures: `app`, `client`, `async_client`, `module_app` and one set per module.

Every fixture is built at configure time from the project's settings, so names and scopes follow
`[tool.refactor-tools.app]`: `fixture-prefix` (e.g. "rt_" beside pytest-django, whose `client`
would clash) is put before every name, `app-scope` is the scope of `app_factory_kwargs`, `app`,
`module_app` and `<module>_app`, `client-scope` the scope of `client` and `<module>_client`
(a suite whose module-scoped token fixtures use a client sets both to "module"). Each module
gets `<module>_app` / `<module>_client` and the aliases `<module>_only_app` /
`<module>_only_client` (the names plans and docs use for "an app with only this module").

Fixtures are plain functions on a namespace object, never instance methods: pytest deprecates
wider-scoped fixtures defined as methods. FastAPI, Starlette and httpx load inside fixtures.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from typing import Any

import pytest

from .settings import AppSettings, resolve, unknown_module_message

try:  # Strict-mode projects need the pytest-asyncio decorator; auto mode accepts both.
    from pytest_asyncio import fixture as _async_fixture
except ImportError:  # pragma: no cover - pytest-asyncio not installed
    _async_fixture = pytest.fixture

PLUGIN_MARK = "_refactor_tools_fixture"  # set on every function this module makes a fixture of


def fixture_ident(module: str) -> str:
    """Return the identifier used in a module's fixture names (`-` becomes `_`)."""
    return module.replace("-", "_").replace(".", "_")


def _first(built: Any) -> Any:
    # A factory may return (api_app, ws_app, ...): the first element is the ASGI app served.
    return built[0] if isinstance(built, tuple) else built


def plugin_fixture_names(settings: AppSettings) -> list[str]:
    """Return every fixture name the plugin defines for these settings."""
    p = settings.fixture_prefix
    names = [f"{p}{n}" for n in ("app_factory_kwargs", "app", "client", "async_client", "module_app")]
    for module in settings.modules:
        ident = fixture_ident(module)
        names += [f"{p}{ident}_{kind}" for kind in ("app", "client", "only_app", "only_client")]
    return names


class _Builder:
    """Collects the fixtures of one configuration on a namespace object."""

    def __init__(self) -> None:
        # A module object: pytest reads fixtures from a module's own attributes (from a class, not
        # from an instance).
        self.namespace = types.ModuleType("refactor_tools_app_fixtures")

    def add(self, name: str, scope: str, needs: list[str], body: Callable[..., Any], doc: str,
            *, is_async: bool = False) -> None:
        # The signature names the fixtures `body` receives as keyword arguments, so pytest
        # resolves them by the configured (prefixed) names.
        body.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY) for n in needs]
        )
        body.__name__ = body.__qualname__ = name
        body.__doc__ = doc
        setattr(body, PLUGIN_MARK, True)
        decorate = _async_fixture if is_async else pytest.fixture
        setattr(self.namespace, f"fixture_{name}", decorate(name=name, scope=scope)(body))


def make_fixtures(settings: AppSettings, source: str, isolated: str | None) -> Any:
    """Return the fixture plugin object for these settings (names prefixed, scopes configured)."""
    p = settings.fixture_prefix
    app_scope, client_scope = settings.app_scope, settings.client_scope
    kwargs_name, app_name, module_app_name = f"{p}app_factory_kwargs", f"{p}app", f"{p}module_app"
    builder = _Builder()

    def build(kwargs: dict[str, Any]) -> Any:
        if settings.factory is None:
            pytest.fail(
                f"no app factory configured: add factory = 'package.module:create_app' to "
                f"[tool.refactor-tools.app] in {settings.pyproject}",
                pytrace=False,
            )
        return _first(resolve(settings.factory)(**kwargs))

    def app_factory_kwargs(**_: Any) -> dict[str, Any]:
        return {}

    builder.add(kwargs_name, app_scope, [], app_factory_kwargs,
                f"Extra keyword arguments for the app factory; override `{kwargs_name}` in a conftest "
                f"(with scope {app_scope!r} or wider).")

    def app(**requested: Any) -> Any:
        if requested["app_source"] == "legacy":
            return resolve(settings.legacy)  # type: ignore[arg-type]
        kwargs = dict(requested[kwargs_name])
        if isolated is not None:
            # An isolated run must not import other modules: build the app with its module only.
            kwargs["enabled_modules"] = [isolated]
        return build(kwargs)

    builder.add(app_name, app_scope, [kwargs_name, "app_source"], app,
                "The app under test: the module-global legacy app, or a fresh app from the factory.")

    builder.add(f"{p}client", client_scope, [app_name], _client_over(app_name),
                f"A Starlette TestClient over `{app_name}`, with the app's lifespan running.")

    async def async_client(**requested: Any) -> Any:
        import httpx

        served = requested[app_name]
        # ASGITransport does not run the lifespan; run it so background tasks start and stop.
        async with served.router.lifespan_context(served):
            transport = httpx.ASGITransport(app=served)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                yield http

    builder.add(f"{p}async_client", "function", [app_name], async_client,
                f"An httpx AsyncClient over ASGITransport(`{app_name}`), inside the app's lifespan.",
                is_async=True)

    def module_app(**requested: Any) -> Callable[..., Any]:
        if settings.factory is None:
            pytest.fail(
                f"{module_app_name} needs an app factory, but only a legacy app is configured: add "
                f"factory = 'package.module:create_app' to [tool.refactor-tools.app] in "
                f"{settings.pyproject}",
                pytrace=False,
            )

        def make(*names: str) -> Any:
            for name in names:
                message = unknown_module_message(name, settings.modules, f"{module_app_name}()")
                if message:
                    pytest.fail(message, pytrace=False)
            return build({**requested[kwargs_name], "enabled_modules": list(names)})

        return make

    builder.add(module_app_name, app_scope, [kwargs_name], module_app,
                "Return `module_app(*names)`: a fresh factory app with only the named modules enabled.")

    for module in settings.modules:
        _add_module(builder, p, module, app_scope, client_scope, module_app_name)
    return builder.namespace


def _client_over(app_name: str) -> Callable[..., Any]:
    def client(**requested: Any) -> Any:
        from starlette.testclient import TestClient

        with TestClient(requested[app_name]) as test_client:
            yield test_client

    return client


def _add_module(builder: _Builder, p: str, module: str, app_scope: str, client_scope: str,
                module_app_name: str) -> None:
    ident = fixture_ident(module)
    for app_name, client_name in ((f"{p}{ident}_app", f"{p}{ident}_client"),
                                  (f"{p}{ident}_only_app", f"{p}{ident}_only_client")):

        def module_app(**requested: Any) -> Any:
            return requested[module_app_name](module)

        builder.add(app_name, app_scope, [module_app_name], module_app,
                    f"A fresh app from the factory with only module {module!r} enabled.")
        # Depend on the app fixture by name, so a conftest that overrides it changes the client too.
        builder.add(client_name, client_scope, [app_name], _client_over(app_name),
                    f"A TestClient over `{app_name}`, with its lifespan running.")
