"""Before/after pairs for the tests-use-fixtures codemod."""

import textwrap
from pathlib import Path

import pytest

from refactor_tools.codemods.tests_use_fixtures import rewrite_source
from refactor_tools.codemods.tests_use_fixtures import tests_use_fixtures as run_codemod

MOD, NAME = "app.main", "apiApp"


def rw(src: str) -> str:
    return rewrite_source(textwrap.dedent(src), MOD, NAME)


def test_async_with_becomes_async_client_fixture():
    before = '''\
        import pytest
        from httpx import ASGITransport, AsyncClient

        from app.main import apiApp


        @pytest.mark.asyncio
        async def test_health():
            # comment kept
            async with AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test") as ac:
                response = await ac.get("/health")
                assert response.status_code == 200
        '''
    after = '''\
        import pytest


        @pytest.mark.asyncio
        async def test_health(async_client):
            # comment kept
            ac = async_client
            response = await ac.get("/health")
            assert response.status_code == 200
        '''
    assert rw(before) == textwrap.dedent(after)


def test_with_testclient_named_client_is_inlined():
    before = '''\
        from fastapi.testclient import TestClient
        from app.main import apiApp


        def test_ws():
            with TestClient(apiApp) as client:
                with client.websocket_connect("/ws") as ws:
                    ws.send_json({})
        '''
    after = '''\


        def test_ws(client):
            with client.websocket_connect("/ws") as ws:
                ws.send_json({})
        '''
    assert rw(before) == textwrap.dedent(after)


def test_module_level_client_and_plain_app_use():
    before = '''\
        from fastapi.testclient import TestClient
        from app.main import apiApp, other

        client = TestClient(apiApp)


        def test_get():
            assert client.get("/").status_code == 200


        class TestRoutes:
            def test_routes(self):
                assert apiApp.routes
                assert other
        '''
    after = '''\
        from app.main import other


        def test_get(client):
            assert client.get("/").status_code == 200


        class TestRoutes:
            def test_routes(self, app):
                assert app.routes
                assert other
        '''
    assert rw(before) == textwrap.dedent(after)


def test_assignment_inside_test_and_aliased_import():
    before = '''\
        from starlette.testclient import TestClient
        from app.main import apiApp as the_app


        def test_x(monkeypatch):
            client = TestClient(the_app)
            c2 = TestClient(the_app)
            assert client is not None and c2 is not None
        '''
    after = '''\


        def test_x(monkeypatch, client):
            c2 = client
            assert client is not None and c2 is not None
        '''
    assert rw(before) == textwrap.dedent(after)


def test_file_without_the_app_is_unchanged():
    src = "from app.other import apiApp\n\ndef test_a():\n    assert apiApp\n"
    assert rewrite_source(src, MOD, NAME) == src


def test_helper_using_the_app_is_reported_and_file_untouched(tmp_path: Path):
    tests = tmp_path / "tests"
    tests.mkdir()
    src = "from app.main import apiApp\n\n\ndef make():\n    return apiApp\n\n\ndef test_a():\n    assert make()\n"
    (tests / "test_h.py").write_text(src)
    good = "from app.main import apiApp\n\n\ndef test_b():\n    assert apiApp\n"
    (tests / "test_g.py").write_text(good)
    result = run_codemod(tmp_path, "app.main:apiApp")
    assert result.unrewritable == ("tests/test_h.py:4: helper function make() uses the app; pass it a client fixture by hand",)
    assert (tests / "test_h.py").read_text() == src
    assert result.changed_paths == ("tests/test_g.py",)
    assert (tests / "test_g.py").read_text() == "\n\ndef test_b(app):\n    assert app\n"
    # A second run is a no-op.
    assert run_codemod(tmp_path, "app.main:apiApp").changed == ()


def test_dry_run_writes_nothing(tmp_path: Path):
    tests = tmp_path / "tests"
    tests.mkdir()
    src = "from app.main import apiApp\n\n\ndef test_b():\n    assert apiApp\n"
    (tests / "test_g.py").write_text(src)
    result = run_codemod(tmp_path, "app.main:apiApp", dry_run=True)
    assert result.changed_paths == ("tests/test_g.py",)
    assert (tests / "test_g.py").read_text() == src


def test_bad_app_spec_is_a_config_error(tmp_path: Path):
    from refactor_tools.errors import ConfigError

    with pytest.raises(ConfigError, match="'app.main.apiApp'"):
        run_codemod(tmp_path, "app.main.apiApp")


CONFTEST = '''\
import pytest
from fastapi.testclient import TestClient

from app.main import apiApp


@pytest.fixture(scope="module")
def token_headers():
    with TestClient(apiApp) as c:
        token = c.post("/login").json()["token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def plain(client):
    return client
'''


def test_wider_fixtures_raise_the_plugin_scopes_so_no_scope_mismatch(tmp_path: Path):
    pyproject = '[tool.refactor-tools]\npackage = "app"\n\n[tool.refactor-tools.app]\n# the global app\nlegacy = "app.main:apiApp"\n'
    (tmp_path / "pyproject.toml").write_text(pyproject)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests/conftest.py").write_text(CONFTEST)
    result = run_codemod(tmp_path, "app.main:apiApp", scopes={"client-scope": "function"})
    after = (tmp_path / "tests/conftest.py").read_text()
    assert '@pytest.fixture(scope="module")\ndef token_headers(client):\n    c = client\n' in after
    assert result.scopes == (("app-scope", "module"), ("client-scope", "module"))
    assert "pyproject.toml" in result.changed_paths
    assert (tmp_path / "pyproject.toml").read_text() == pyproject + 'app-scope = "module"\nclient-scope = "module"\n'


def test_scopes_already_wide_enough_are_left_alone(tmp_path: Path):
    pyproject = '[tool.refactor-tools]\npackage = "app"\n'
    (tmp_path / "pyproject.toml").write_text(pyproject)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests/conftest.py").write_text(CONFTEST)
    result = run_codemod(tmp_path, "app.main:apiApp", scopes={"client-scope": "session", "app-scope": "session"})
    assert result.scopes == () and "pyproject.toml" not in result.changed_paths
    assert (tmp_path / "pyproject.toml").read_text() == pyproject
