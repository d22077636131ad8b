"""Spec export commands: byte-identical output; the AsyncAPI export refuses optional request fields."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from trading_api.scripts import export_asyncapi_spec
from trading_api.scripts._common import ExportError, run_export


def export(module: str, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ENABLED_MODULES"}
    return subprocess.run(
        [sys.executable, "-m", f"trading_api.scripts.{module}", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )


@pytest.mark.parametrize(("module", "default"), [("export_openapi_spec", "openapi.json"), ("export_asyncapi_spec", "asyncapi.json")])
def test_exports_are_byte_identical(tmp_path: Path, module: str, default: str) -> None:
    first = export(module, tmp_path)
    assert first.returncode == 0, first.stderr
    second = export(module, tmp_path, "again/copy.json")
    assert second.returncode == 0, second.stderr
    data = (tmp_path / default).read_bytes()
    assert data == (tmp_path / "again" / "copy.json").read_bytes()
    assert data.endswith(b"}\n")
    doc = json.loads(data)
    assert data.decode() == json.dumps(doc, indent=2, sort_keys=True) + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["again", default])


def test_export_usage_error(tmp_path: Path) -> None:
    result = export("export_openapi_spec", tmp_path, "a.json", "b.json")
    assert result.returncode == 2 and "usage:" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_optional_subscription_fields_are_found() -> None:
    doc = {"components": {"schemas": {
        "FooSubscriptionRequest": {"properties": {"a": {}, "b": {}}, "required": ["a"]},
        "Other": {"properties": {"x": {}}},
    }}}
    assert export_asyncapi_spec.optional_subscription_fields(doc) == ["FooSubscriptionRequest.b"]


def test_asyncapi_export_writes_nothing_on_optional_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ENABLED_MODULES", raising=False)
    import trading_api.main as main_module

    class FakeWsApp:
        def asyncapi(self) -> dict[str, Any]:
            return {"components": {"schemas": {"BarsSubscriptionRequest": {"properties": {"symbol": {}}}}}}

    monkeypatch.setattr(main_module, "wsApp", FakeWsApp())
    target = tmp_path / "asyncapi.json"
    assert export_asyncapi_spec.main([str(target)]) == 1
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert "BarsSubscriptionRequest.symbol" in capsys.readouterr().err


def test_failed_build_leaves_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def fail() -> dict[str, Any]:
        raise ExportError("broken")

    assert run_export([str(target)], "out.json", fail) == 1
    assert target.read_text(encoding="utf-8") == "old"
