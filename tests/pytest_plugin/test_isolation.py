"""`--isolated-module`: the guard fails the run when another module's code is imported."""

from __future__ import annotations

from tests.helpers import UNUSED_PLUGINS

pytest_plugins = ["pytester"]

CLEAN = """
def test_orders_alone(orders_client):
    assert orders_client.get("/orders").json() == {{"module": "orders"}}


def test_app_is_built_with_the_isolated_module_only(app):
    assert app.state.modules == ["orders"]
"""

LEAK_IN_TEST = """
def test_clean(orders_client):
    assert orders_client.get("/orders").status_code == 200


def test_leaks():
    from {pkg}.modules.orders import service

    assert service.helpers
"""

LEAK_AT_COLLECTION = """
from {pkg}.modules.orders import service


def test_one():
    assert service


def test_two():
    assert service
"""


def _write_module_test(pytester, generated, module, name, source):
    path = pytester.path / generated.module_tests(module) / f"{name}.py"
    path.write_text(source.format(pkg=generated.package), encoding="utf-8")
    return path


def test_guard_passes_when_only_the_module_is_imported(pytester, project):
    generated = project('factory = "{pkg}.factory:create_app"\nsource = "factory"', leak=True)
    _write_module_test(pytester, generated, "orders", "test_clean", CLEAN)
    result = pytester.runpytest("-p", "no:cacheprovider", "--isolated-module", "orders", generated.module_tests("orders"))
    result.assert_outcomes(passed=2)
    assert result.ret == 0
    assert "isolation guard" not in result.stdout.str()


def test_guard_names_the_module_and_the_import_chain(pytester, project):
    generated = project(leak=True)
    _write_module_test(pytester, generated, "orders", "test_leak", LEAK_IN_TEST)
    result = pytester.runpytest("-p", "no:cacheprovider", "--isolated-module", "orders", generated.module_tests("orders"))
    assert result.ret == 1
    result.assert_outcomes(passed=2, errors=1)
    pkg = generated.package
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_leaks*",
            f"isolation guard: module 'billing' was imported while running 'orders' in isolation"
            f" (while running src/{pkg}/modules/orders/tests/test_leak.py::test_leaks):",
            f"  import of {pkg}.modules.billing by {pkg}.modules.orders.helpers"
            f" (src/{pkg}/modules/orders/helpers.py:1)",
            f"  <- {pkg}.modules.orders.service (src/{pkg}/modules/orders/service.py:1)",
            "  <- *test_leak*.test_leaks (src/*/modules/orders/tests/test_leak.py:7)",
        ]
    )


def test_same_tests_pass_without_the_guard(pytester, project):
    generated = project(leak=True)
    _write_module_test(pytester, generated, "orders", "test_leak", LEAK_IN_TEST)
    pytester.runpytest("-p", "no:cacheprovider", generated.module_tests("orders")).assert_outcomes(passed=2)


def test_import_at_collection_is_reported_once(pytester, project):
    generated = project(leak=True)
    _write_module_test(pytester, generated, "orders", "test_top", LEAK_AT_COLLECTION)
    result = pytester.runpytest("-p", "no:cacheprovider", "--isolated-module", "orders", generated.module_tests("orders"))
    assert result.ret == 1
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*module 'billing' was imported while running 'orders' in isolation (during collection):"])


def test_guard_under_xdist_fails_workers_and_controller(pytester, project):
    generated = project(leak=True)
    _write_module_test(pytester, generated, "orders", "test_leak", LEAK_IN_TEST)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", *UNUSED_PLUGINS, "-n", "2", "--isolated-module", "orders", generated.module_tests("orders")
    )
    assert result.ret == 1
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*module 'billing' was imported while running 'orders' in isolation*"])


def test_guard_reports_through_the_controller_when_no_test_ran(pytester, project):
    generated = project(leak=True)
    _write_module_test(pytester, generated, "orders", "test_top", LEAK_AT_COLLECTION)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", *UNUSED_PLUGINS, "-n", "2", "--isolated-module", "orders", "-k", "no_such_test",
        generated.module_tests("orders"),
    )
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "*refactor-tools isolation guard*",
            "module 'billing' was imported while running 'orders' in isolation (during collection):",
            f"  import of {generated.package}.modules.billing by {generated.package}.modules.orders.helpers*",
            "isolation guard: FAILED (see above)",
        ]
    )
