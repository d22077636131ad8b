"""Bad inputs of diff-specs: document files and cache entries of any bytes or shape.

A document file is either compared or refused with exit 2 and a one-line reason; a cache entry
of the wrong shape is discarded and rebuilt. Never a traceback (a corpus from hypothesis).
"""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refactor_tools.cli import main
from refactor_tools.config import load_config
from refactor_tools.specs import diff_specs, generate_specs
from refactor_tools.specs.cache import CACHE_DIR

EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FILES = Path(__file__).resolve().parents[1] / "assets" / "specs" / "files"

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
# Shapes that look like documents: the version key is there, everything else may be anything.
OPENAPI_KEYS = ["paths", "components", "info", "servers", "tags", "get", "schemas", "parameters",
                "responses", "requestBody", "$ref", "properties", "required", "type"]
NEARLY_OPENAPI = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(OPENAPI_KEYS) | st.sampled_from(["/a", "/b/{id}", "post"]), inner, max_size=4),
    max_leaves=16,
).map(lambda body: {"openapi": "3.1.0", **(body if isinstance(body, dict) else {"paths": body})})


def _one_line_error(err: str) -> None:
    assert "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, err


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "files"
    shutil.copytree(FILES, root)
    monkeypatch.chdir(root)
    return root


def _diff(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["diff-specs", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@EXAMPLES
@given(data=st.binary(max_size=300))
def test_any_bytes_as_a_document_file_exit_2_with_one_line(folder, capsys, data):
    (folder / "bad.json").write_bytes(data)
    code, _, err = _diff(capsys, "old_openapi.json", "bad.json")
    assert code == 2, err
    _one_line_error(err)


@EXAMPLES
@given(value=JSON_VALUES, suffix=st.sampled_from([".json", ".yaml"]))
def test_any_json_shape_is_refused_with_one_line(folder, capsys, value, suffix):
    (folder / f"shape{suffix}").write_text(json.dumps(value), encoding="utf-8")  # JSON is YAML too
    code, _, err = _diff(capsys, "old_openapi.json", f"shape{suffix}")
    assert code == 2, err
    _one_line_error(err)


@EXAMPLES
@given(doc=NEARLY_OPENAPI, fmt=st.sampled_from(["text", "sarif", "junit"]))
def test_documents_of_odd_shape_are_compared_or_refused(folder, capsys, doc, fmt):
    (folder / "odd.json").write_text(json.dumps(doc), encoding="utf-8")
    for args in (("old_openapi.json", "odd.json"), ("odd.json", "new_openapi.json")):
        code, _, err = _diff(capsys, *args, "--format", fmt)
        assert code in (0, 1, 2), err
        assert "Traceback" not in err
        if code == 2:
            _one_line_error(err)
            assert "'odd.json' is not a well-formed openapi document" in err, err


def test_a_deeply_nested_document_is_refused(folder, capsys):
    (folder / "deep.json").write_text('{"openapi": "3.1.0", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, _, err = _diff(capsys, "old_openapi.json", "deep.json")
    assert code == 2
    _one_line_error(err)


@functools.cache
def _working_tree_documents(root: Path) -> dict[str, dict]:
    """The project's current documents, generated once: the tree never changes in the test."""
    return generate_specs(root, load_config(root))


# Each example regenerates the baseline (a subprocess): fewer examples than the pure cases. The
# working tree's side is generated once and handed over, as the driver does (`current=`).
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=JSON_VALUES, doc=JSON_VALUES | st.binary(max_size=40))
def test_a_cache_entry_of_any_shape_is_discarded_and_rebuilt(project, meta, doc):
    config = load_config(project.root)
    current = _working_tree_documents(project.root)
    first = diff_specs(config, current=current)
    folder = project.root / CACHE_DIR / first.baseline_commit
    real = json.loads((folder / "meta.json").read_text())
    for name, value in (("meta.json", meta), ("openapi.json", doc)):
        path = folder / name
        original = path.read_bytes()
        if isinstance(value, bytes):
            path.write_bytes(value)
        else:
            path.write_text(json.dumps(value), encoding="utf-8")
        try:
            again = diff_specs(config, current=current)
        finally:
            path.write_bytes(original)
        assert again.verdict == "identical"
        if name == "meta.json":
            assert not again.cached or meta == real
    escaped = {**real, "kinds": ["../../../outside"]}
    (folder / "meta.json").write_text(json.dumps(escaped), encoding="utf-8")
    assert diff_specs(config, current=current).cached is False  # a kind that is no document is a miss, never a path
