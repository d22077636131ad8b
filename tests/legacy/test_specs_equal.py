"""The legacy monolith exports the same OpenAPI and AsyncAPI documents as the modular app."""

from __future__ import annotations

import json

from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"

SPECS = [
    ("openapi", "export_openapi_spec", "openapi.json"),
    ("asyncapi", "export_asyncapi_spec", "asyncapi.json"),
]


def canonical(text: str) -> str:
    """Return JSON with sorted keys: key order is irrelevant, everything else counts."""
    return json.dumps(json.loads(text), indent=1, sort_keys=True)


@pytest.mark.parametrize(("kind", "script", "filename"), SPECS)
def test_exported_specs_are_equal(tmp_path, run_legacy, run_modular, kind, script, filename):
    legacy_out, modular_out = tmp_path / f"legacy-{filename}", tmp_path / f"modular-{filename}"
    legacy = run_legacy([str(EXAMPLE / "scripts" / f"{script}.py"), str(legacy_out)], cwd=tmp_path)
    assert legacy.returncode == 0, legacy.stderr
    modular = run_modular(["-m", f"trading_api.scripts.{script}", str(modular_out)], cwd=tmp_path)
    assert modular.returncode == 0, modular.stderr
    legacy_text, modular_text = legacy_out.read_text(encoding="utf-8"), modular_out.read_text(encoding="utf-8")
    assert canonical(legacy_text) == canonical(modular_text)
    # Both scripts render the same way (sorted keys, indent 2, final newline): same bytes.
    assert legacy_text == modular_text
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([legacy_out.name, modular_out.name])


def test_default_output_path_is_the_current_directory(tmp_path, run_legacy):
    result = run_legacy([str(EXAMPLE / "scripts" / "export_asyncapi_spec.py")], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "asyncapi.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"
