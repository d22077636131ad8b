"""Fixture scopes, a name prefix, `<module>_only_*` aliases and the warning for shadowed fixtures."""

from __future__ import annotations

pytest_plugins = ["pytester"]

TOKEN_SUITE = '''
import pytest


@pytest.fixture(scope="module")
def token_headers(client):
    # A module-scoped fixture on the client, as real suites log in once per module.
    assert client.get("/info").status_code == 200
    return {"Authorization": "Bearer x"}


def test_one(app, client, token_headers):
    pytest.shared = (id(app), id(client))
    assert token_headers


def test_two(app, client, token_headers):
    assert (id(app), id(client)) == pytest.shared
'''


def test_module_scopes_let_module_scoped_fixtures_use_the_client(pytester, project):
    project('factory = "{pkg}.factory:create_app"\nsource = "factory"\napp-scope = "module"\nclient-scope = "module"')
    pytester.makepyfile(test_tokens=TOKEN_SUITE)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_with_the_default_function_scope_the_same_suite_is_a_scope_mismatch(pytester, project):
    project('factory = "{pkg}.factory:create_app"\nsource = "factory"')
    pytester.makepyfile(test_tokens=TOKEN_SUITE)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*ScopeMismatch*"])


def test_a_client_wider_than_its_app_is_a_usage_error_saying_what_to_set(pytester, project):
    project('factory = "{pkg}.factory:create_app"\nsource = "factory"\nclient-scope = "session"')
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines(
        ["*client-scope: 'session' is wider than app-scope 'function'*set app-scope = 'session' too"])


def test_an_unknown_scope_and_a_bad_prefix_are_usage_errors(pytester, project):
    project('factory = "{pkg}.factory:create_app"\nsource = "factory"\napp-scope = "package"')
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*app-scope: unknown scope 'package'; choose from function, module, session"])
    project('factory = "{pkg}.factory:create_app"\nsource = "factory"\nfixture-prefix = "9-"')
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*fixture-prefix: expected the start of a Python identifier*got '9-'"])


def test_a_prefix_renames_every_fixture_and_leaves_the_plain_names_to_the_suite(pytester, project):
    project('legacy = "{pkg}.main:app"\nfactory = "{pkg}.factory:create_app"\nfixture-prefix = "rt_"')
    pytester.makeconftest('''
import pytest


@pytest.fixture
def client():
    return "the django test client"
''')
    pytester.makepyfile(test_prefix='''
import pytest


def test_prefixed(rt_app, rt_client, rt_orders_client, rt_module_app, client):
    assert client == "the django test client"
    assert rt_client.get("/info").json()["kind"] == "legacy"
    assert rt_orders_client.get("/orders").json() == {"module": "orders"}
    assert rt_orders_client.get("/billing").status_code == 404
    assert rt_module_app("billing").state.modules == ["billing"]


def test_plain_names_are_not_the_plugins(request):
    for name in ("app", "module_app", "orders_app", "app_factory_kwargs"):
        with pytest.raises(pytest.FixtureLookupError):
            request.getfixturevalue(name)
''')
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_only_aliases_serve_one_module(pytester, project):
    project()
    pytester.makepyfile(test_only='''
def test_only(orders_only_app, orders_only_client, billing_only_client):
    assert orders_only_app.state.modules == ["orders"]
    assert orders_only_client.get("/orders").status_code == 200
    assert orders_only_client.get("/billing").status_code == 404
    assert billing_only_client.get("/billing").json() == {"module": "billing"}
''')
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


SHADOWING_CONFTEST = '''
import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def client():
    from {pkg}.main import app
    with TestClient(app) as c:
        yield c
'''


def test_app_source_with_a_shadowing_client_warns_naming_the_fixture(pytester, project):
    generated = project()
    pytester.makeconftest(SHADOWING_CONFTEST.format(pkg=generated.package))
    pytester.makepyfile(test_shadow="def test_it(client):\n    assert client.get('/info').status_code == 200\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--app-source", "factory")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*refactor-tools: --app-source factory has no effect on tests that use the "
                                 "suite's own `client` (defined in conftest.py)*fixture-prefix*"])
    # Without the option nothing is promised, so nothing is said.
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "has no effect" not in result.stdout.str()


def test_a_suite_client_built_on_the_plugins_app_is_not_a_shadow(pytester, project):
    project()
    pytester.makeconftest('''
import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def client(app):
    with TestClient(app, headers={"X-Test": "1"}) as c:
        yield c
''')
    pytester.makepyfile(test_ok="def test_it(client):\n    assert client.get('/info').json()['kind'] == 'factory'\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--app-source", "factory")
    result.assert_outcomes(passed=1)
    assert "has no effect" not in result.stdout.str()
