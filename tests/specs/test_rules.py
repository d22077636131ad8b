"""One document pair per rule, OpenAPI and AsyncAPI: the exact findings each must produce."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from refactor_tools.specs import compare_documents

_ASSETS = Path(__file__).resolve().parent.parent / "assets" / "specs"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"specs_assets_{name}", _ASSETS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OPENAPI = _load("openapi_cases").pairs()
ASYNCAPI = _load("asyncapi_cases").pairs()


def _found(old, new, kind):
    return {(f.rule, f.severity, f.direction) for f in compare_documents(old, new, kind)}


@pytest.mark.parametrize(("name", "old", "new", "expected"), OPENAPI, ids=[c[0] for c in OPENAPI])
def test_openapi_rule(name, old, new, expected):
    assert _found(old, new, "openapi") == expected


@pytest.mark.parametrize(("name", "old", "new", "expected"), ASYNCAPI,
                         ids=[c[0] for c in ASYNCAPI])
def test_asyncapi_rule(name, old, new, expected):
    assert _found(old, new, "asyncapi") == expected
