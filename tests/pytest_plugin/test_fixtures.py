"""The plugin's fixtures serve the legacy app or factory apps, and generate one pair per module."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

APP_TESTS = '''
import pytest


def test_app_and_client(app, client):
    info = client.get("/info").json()
    assert info["kind"] == "{kind}"
    assert info["started"] is True
    assert client.get("/orders").json() == {{"module": "orders"}}


def test_app_is_the_global_only_for_legacy(app):
    from {pkg}.main import app as module_global

    assert (app is module_global) is ("{kind}" == "legacy")


@pytest.mark.asyncio
async def test_async_client_runs_the_lifespan(async_client):
    response = await async_client.get("/info")
    assert response.json()["started"] is True
    assert str(response.request.url) == "http://test/info"
'''


def test_legacy_source_serves_the_module_global_app(pytester, project):
    generated = project()
    pytester.makepyfile(test_app=APP_TESTS.format(kind="legacy", pkg=generated.package))
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["refactor-tools: app source legacy, modules: billing, orders"])


def test_factory_source_from_config_and_from_option(pytester, project):
    generated = project('legacy = "{pkg}.main:app"\nfactory = "{pkg}.factory:create_app"\nsource = "factory"')
    pytester.makepyfile(test_app=APP_TESTS.format(kind="factory", pkg=generated.package))
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=3)
    pytester.makepyfile(test_app=APP_TESTS.format(kind="legacy", pkg=generated.package))
    result = pytester.runpytest("-p", "no:cacheprovider", "--app-source", "legacy")
    result.assert_outcomes(passed=3)


def test_factory_apps_are_fresh_and_take_factory_kwargs(pytester, project):
    generated = project('factory = "{pkg}.factory:create_app"\nsource = "factory"')
    # The project is not installed: the plugin puts its source dir on sys.path before conftests load.
    pytester.makeconftest(
        f"""
        import pytest
        from {generated.package} import factory

        @pytest.fixture
        def app_factory_kwargs():
            assert factory.create_app
            return {{"greeting": "bonjour"}}
        """
    )
    pytester.makepyfile(
        test_fresh="""
        seen = []

        def test_one(app, client):
            seen.append(app)
            assert client.get("/info").json()["greeting"] == "bonjour"
            app.state.kind = "changed"

        def test_two(app):
            assert seen and app is not seen[0]
            assert app.state.kind == "factory"

        def test_module_app(module_app):
            app = module_app("billing")
            assert app.state.modules == ["billing"]
            assert module_app() is not module_app()
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_generated_module_fixtures(pytester, project):
    project()
    pytester.makepyfile(
        test_modules="""
        def test_orders_client(orders_client, orders_app):
            assert orders_client.get("/orders").json() == {"module": "orders"}
            assert orders_client.get("/billing").status_code == 404
            assert orders_app.state.modules == ["orders"]
            assert orders_client.get("/info").json()["started"] is True

        def test_billing_app(billing_app, orders_app):
            assert billing_app.state.modules == ["billing"]
            assert billing_app is not orders_app
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_module_client_follows_an_overridden_module_app(pytester, project):
    project()
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture
        def orders_app(module_app):
            app = module_app("orders", "billing")
            app.state.kind = "overridden"
            return app
        """
    )
    pytester.makepyfile(
        test_override="""
        def test_client_uses_override(orders_client):
            assert orders_client.get("/info").json()["kind"] == "overridden"
            assert orders_client.get("/billing").status_code == 200
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_names_come_from_config_and_dashes_become_underscores(pytester, project):
    project('factory = "{pkg}.factory:create_app"\nsource = "factory"\nmodules = ["market-data", "orders"]')
    result = pytester.runpytest("-p", "no:cacheprovider", "--fixtures")
    result.stdout.fnmatch_lines(["market_data_app*", "*only module 'market-data' enabled*"])
    assert "billing_app" not in result.stdout.str()
    pytester.makepyfile(
        test_unknown="""
        def test_unknown(module_app):
            module_app("billin")
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*unknown module 'billin' in module_app(). Known modules: market-data, orders.*"]
    )


def test_module_app_needs_a_factory(pytester, project):
    project('legacy = "{pkg}.main:app"')
    pytester.makepyfile(
        test_legacy_only="""
        def test_legacy(client):
            assert client.get("/info").json()["kind"] == "legacy"

        def test_module_app(module_app):
            pass

        def test_generated(orders_client):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(["*module_app needs an app factory, but only a legacy app is configured*"])


def test_modules_are_marked(pytester, project):
    generated = project()
    (pytester.path / generated.module_tests("orders") / "test_marked.py").write_text(
        "def test_marked(request):\n"
        "    assert request.node.get_closest_marker('module').args == ('orders',)\n",
        encoding="utf-8",
    )
    pytester.makepyfile(
        test_unmarked="def test_unmarked(request):\n    assert request.node.get_closest_marker('module') is None\n"
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "--strict-markers", "-m", "module")
    result.assert_outcomes(passed=1, deselected=1)
