"""Refusals, dry runs, parse errors, idempotency and rollback: nothing half-written."""

from __future__ import annotations

import pytest

from refactor_tools.codemods import move, transaction
from refactor_tools.codemods.results import MoveRefused, ParseFailed
from refactor_tools.errors import UsageError

from .conftest import snapshot

H = "src/app/api/health.py"


def test_dry_run_prints_a_diff_and_writes_nothing(project):
    config = project({H: "from app.plugins.ws_adapter import main\n"})
    before = snapshot(config.root)
    result = move(config, "plugins", "shared.plugins", dry_run=True)
    assert snapshot(config.root) == before
    assert "-from app.plugins.ws_adapter import main\n+from app.shared.plugins.ws_adapter import main\n" in result.diff
    assert "rename from src/app/plugins/ws_adapter.py\nrename to src/app/shared/plugins/ws_adapter.py\n" in result.diff
    assert "+++ b/src/app/plugins/__init__.py" in result.diff  # the shim


def test_second_run_is_a_noop(project):
    config = project({H: "from app.plugins.ws_adapter import main\n"})
    move(config, "plugins", "shared.plugins")
    after_first = snapshot(config.root)
    again = move(config, "plugins", "shared.plugins")
    assert again.noop and not again.changed_files
    assert snapshot(config.root) == after_first


def test_parse_error_anywhere_in_scope_stops_before_any_write(project):
    config = project({H: "from app.plugins import ws_adapter\n", "tests/test_bad.py": "import plugins\ndef (:\n"})
    before = snapshot(config.root)
    with pytest.raises(ParseFailed, match=r"tests/test_bad.py:2: syntax error"):
        move(config, "plugins", "shared.plugins")
    assert snapshot(config.root) == before


@pytest.mark.parametrize(
    ("old", "new", "extra", "message"),
    [
        ("plugins", "api", {}, "target 'app.api' already exists at src/app/api"),
        ("plugins", "config", {}, "target 'app.config' already exists at src/app/config.py"),
        ("nothing", "shared.nothing", {}, "module 'app.nothing' not found"),
        ("plugins", "plugins.inner", {}, "cannot move 'app.plugins' into itself"),
        ("app", "core", {}, "cannot move the root package 'app'"),
        ("plugins", "9bad", {}, "NEW '9bad' is not a dotted module name"),
        (
            "plugins",
            "api.tools",
            {"src/app/api/__init__.py": "def tools():\n    pass\n"},
            "src/app/api/__init__.py already defines or imports 'tools'",
        ),
        (
            "plugins",
            "config.plugins",
            {},
            "cannot create package 'app.config': module src/app/config.py is in the way",
        ),
    ],
)
def test_refusals_name_the_problem(project, old, new, extra, message):
    config = project(extra)
    before = snapshot(config.root)
    with pytest.raises(UsageError) as info:
        move(config, old, new)
    assert message in info.value.render()
    assert info.value.exit_code == 2
    assert snapshot(config.root) == before


def test_new_name_shadowing_a_local_is_refused(project):
    # `api.helpers.x` must become `app.shared.helpers.x`, but `app` is a local here.
    source = "from app import api\n\napp = object()\n\nX = api.helpers.helper\n"
    config = project({H: source})
    before = snapshot(config.root)
    with pytest.raises(MoveRefused, match=r"would bind app, which this file already uses"):
        move(config, "api.helpers", "shared.helpers")
    assert snapshot(config.root) == before


def test_failure_midway_restores_every_file(project, monkeypatch):
    config = project({H: "from app.plugins import ws_adapter\n", "tests/test_a.py": "import app.plugins\n"})
    before = snapshot(config.root)
    calls = []
    real = transaction.write_atomic

    def flaky(path, text):
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        real(path, text)

    monkeypatch.setattr(transaction, "write_atomic", flaky)
    with pytest.raises(transaction.ApplyFailed, match="disk full"):
        move(config, "plugins", "shared.plugins")
    assert len(calls) == 3
    assert snapshot(config.root) == before
    assert not (config.root / "src/app/shared").exists()
