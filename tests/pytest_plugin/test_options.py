"""The plugin's options, their validation, and the plugin staying inactive without config."""

from __future__ import annotations

pytest_plugins = ["pytester"]


def test_inactive_without_app_table(pytester, project):
    project(app_table=None)
    pytester.makepyfile(
        test_plain="""
        import pytest

        def test_no_fixtures(request):
            for name in ("app", "client", "async_client", "module_app", "orders_app"):
                with pytest.raises(pytest.FixtureLookupError):
                    request.getfixturevalue(name)
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    # The header names the installed distribution ("plugins: refactor-tools-0.1.0"); nothing else may.
    assert "refactor-tools" not in result.stdout.str().replace("refactor-tools-", "")
    result = pytester.runpytest("-p", "no:cacheprovider", "--help")
    assert "--app-source" not in result.stdout.str()
    assert "--isolated-module" not in result.stdout.str()
    result = pytester.runpytest("-p", "no:cacheprovider", "--app-source", "factory")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*unrecognized arguments: --app-source*"])


def test_inactive_without_pyproject(pytester):
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(test_plain="def test_ok():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--help")
    assert "--app-source" not in result.stdout.str()


def test_options_are_listed_in_their_group(pytester, project):
    project()
    result = pytester.runpytest("-p", "no:cacheprovider", "--help")
    result.stdout.fnmatch_lines(
        ["refactor-tools app fixtures:", "*--app-source={legacy,factory,both}*", "*--isolated-module=NAME*"]
    )


def test_unknown_app_source_names_value_and_choices(pytester, project):
    project()
    result = pytester.runpytest("-p", "no:cacheprovider", "--app-source", "modular")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*--app-source: invalid choice: 'modular' (choose from*legacy*factory*"])


def test_factory_source_without_factory_key(pytester, project):
    project('legacy = "{pkg}.main:app"')
    result = pytester.runpytest("-p", "no:cacheprovider", "--app-source", "factory")
    assert result.ret == 4
    result.stderr.fnmatch_lines(
        ["*--app-source factory: no factory configured in [[]tool.refactor-tools.app[]] of *pyproject.toml;"
         " add factory = 'package.module:create_app'"]
    )


def test_unknown_isolated_module_suggests_a_name(pytester, project):
    project()
    result = pytester.runpytest("-p", "no:cacheprovider", "--isolated-module", "order")
    assert result.ret == 4
    result.stderr.fnmatch_lines(
        ["*unknown module 'order' in --isolated-module. Known modules: billing, orders. Did you mean 'orders'?"]
    )


def test_bad_config_is_a_usage_error_naming_file_and_key(pytester, project):
    project('legacy = "{pkg}.main"\nsource = "legacy"')
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines(
        ["*pyproject.toml: [[]tool.refactor-tools.app[]] legacy: expected 'package.module:attribute', got 'shop_*.main'"]
    )
    project('legacy = "{pkg}.main:app"\nsource = "modular"')
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*source: unknown app source 'modular'; choose from legacy, factory"])


def test_pyproject_is_found_above_the_rootdir(pytester, project):
    project()
    sub = pytester.mkdir("suite")
    (sub / "pytest.ini").write_text("[pytest]\nasyncio_default_fixture_loop_scope = function\n", encoding="utf-8")
    (sub / "test_up.py").write_text("def test_up(orders_client):\n    assert orders_client.get('/orders').status_code == 200\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "suite")
    result.stdout.fnmatch_lines(["rootdir: */suite*"])
    result.assert_outcomes(passed=1)
