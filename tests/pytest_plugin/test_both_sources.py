"""`--app-source both`: every test that uses the app runs once per source, in one process."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from tests.helpers import UNUSED_PLUGINS

pytest_plugins = ["pytester"]

SUITE = """
import pytest

def test_kind(client):
    assert client.get("/info").json()["kind"] in ("legacy", "factory")

def test_factory_only_behaviour(client, app_source):
    # Fails under the legacy app only: the report must say which source failed.
    assert client.get("/info").json()["kind"] == "factory"

@pytest.mark.parametrize("n", [1, 2])
def test_param(app, n):
    assert app.state.kind in ("legacy", "factory")

async def test_async(async_client):
    assert (await async_client.get("/info")).status_code == 200

def test_no_app():
    assert True

def test_module_app(orders_client):
    assert orders_client.get("/orders").json() == {"module": "orders"}
"""


def _cases(path):
    out = {}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        failed = any(child.tag in ("failure", "error") for child in case)
        out[case.get("name")] = (props.get("app_source"), "failed" if failed else "passed")
    return out


def test_both_runs_every_app_test_under_each_source(pytester, project):
    project()
    pytester.makepyfile(test_suite=SUITE)
    report = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *UNUSED_PLUGINS, "--app-source", "both",
                                           "-o", "asyncio_mode=auto", f"--junit-xml={report}", "-o", "junit_family=xunit1")
    # 5 app tests x 2 sources + 2 tests without the app; one fails under legacy only.
    result.assert_outcomes(passed=11, failed=1)
    result.stdout.fnmatch_lines(["*refactor-tools: app source both*",
                                 "FAILED test_suite.py::test_factory_only_behaviour[[]legacy[]]*"])
    cases = _cases(report)
    assert cases == {
        "test_kind[legacy]": ("legacy", "passed"),
        "test_kind[factory]": ("factory", "passed"),
        "test_factory_only_behaviour[legacy]": ("legacy", "failed"),
        "test_factory_only_behaviour[factory]": ("factory", "passed"),
        "test_param[legacy-1]": ("legacy", "passed"),
        "test_param[legacy-2]": ("legacy", "passed"),
        "test_param[factory-1]": ("factory", "passed"),
        "test_param[factory-2]": ("factory", "passed"),
        "test_async[legacy]": ("legacy", "passed"),
        "test_async[factory]": ("factory", "passed"),
        "test_no_app": (None, "passed"),
        "test_module_app": (None, "passed"),
    }


def test_single_source_is_recorded_too(pytester, project):
    project()
    pytester.makepyfile(test_suite="def test_kind(client):\n    assert client.get('/info').status_code == 200\n")
    report = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *UNUSED_PLUGINS, "--app-source", "factory",
                                           f"--junit-xml={report}", "-o", "junit_family=xunit1")
    result.assert_outcomes(passed=1)
    assert _cases(report) == {"test_kind": ("factory", "passed")}


def test_both_needs_both_apps_configured(pytester, project):
    project('factory = "{pkg}.factory:create_app"\nsource = "factory"')
    pytester.makepyfile(test_suite="def test_ok():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--app-source", "both")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*--app-source both: no legacy app configured in [[]tool.refactor-tools.app[]] of *"])
