"""Module discovery, selection errors and lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from trading_api.shared.module_registry import (
    ModuleRegistry,
    ModuleSelectionError,
    discover_module_names,
    parse_enabled_modules,
    resolve_module_names,
)

KNOWN = ["broker", "datafeed"]


def test_discovery_lists_packages() -> None:
    assert discover_module_names() == KNOWN


def test_discovery_imports_no_module_code() -> None:
    code = (
        "import sys, json\n"
        "from trading_api.shared.module_registry import ModuleRegistry\n"
        "ModuleRegistry()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('trading_api.modules.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []


def test_cli_prints_json_list() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "trading_api.shared.module_registry"], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == KNOWN


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, KNOWN), ("all", KNOWN), (" ALL ", KNOWN), ("datafeed", ["datafeed"]), (" broker , datafeed ", KNOWN)],
)
def test_parse_accepts(raw: str | None, expected: list[str]) -> None:
    assert parse_enabled_modules(raw, KNOWN) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("brokr", "Unknown module 'brokr' in ENABLED_MODULES. Known: broker, datafeed. Did you mean 'broker'?"),
        ("xyz", "Unknown module 'xyz' in ENABLED_MODULES. Known: broker, datafeed."),
        ("", "ENABLED_MODULES='' selects no module. Known: broker, datafeed. Use 'all' or a comma-separated list of module names."),
        (" , ", "ENABLED_MODULES=' , ' selects no module. Known: broker, datafeed. Use 'all' or a comma-separated list of module names."),
        ("broker,,datafeed", "ENABLED_MODULES='broker,,datafeed' contains an empty name. Known: broker, datafeed. Remove the extra comma."),
        ("broker,broker", "Module 'broker' is listed twice in ENABLED_MODULES. Known: broker, datafeed. List each module once."),
    ],
)
def test_parse_rejects_with_known_names(raw: str, message: str) -> None:
    with pytest.raises(ModuleSelectionError) as info:
        parse_enabled_modules(raw, KNOWN)
    assert str(info.value) == message


def test_explicit_lists() -> None:
    registry = ModuleRegistry()
    assert registry.resolve(None) == KNOWN
    assert registry.resolve([]) == []
    assert registry.resolve(["datafeed"]) == ["datafeed"]
    with pytest.raises(ModuleSelectionError, match="Did you mean 'datafeed'"):
        resolve_module_names(["datafed"], KNOWN)
