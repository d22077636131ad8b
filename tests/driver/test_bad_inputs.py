"""Bad input files of the driver: exit 2 (or a clean verdict) with a one-line reason, never a traceback.

A corpus of bad bytes and wrong shapes (hypothesis) is fed to every file the driver reads: the
plan, the progress document, pyproject.toml and the run journal.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refactor_tools.driver.journal import JOURNAL

EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

NOT_UTF8 = st.binary(min_size=1, max_size=200).filter(lambda b: not _decodes(b))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
JOURNAL_KEYS = ["phase", "commit", "pid", "started", "pid_start", "ignored_before", "state_files",
                "tags_created", "created", "changed", "written", "modes", "step"]
JOURNAL_SHAPES = st.dictionaries(st.sampled_from(JOURNAL_KEYS) | st.text(max_size=6), JSON_VALUES, max_size=8)


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _one_line_error(err: str) -> None:
    assert "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, err


@pytest.fixture
def tiny(project):
    return project()


@EXAMPLES
@given(data=NOT_UTF8)
def test_undecodable_plan_progress_and_pyproject_exit_2(tiny, cli, data):
    for rel in ("plans/plan.toml", "plans/PROGRESS.md", "pyproject.toml"):
        path = tiny.root / rel
        original = path.read_bytes()
        path.write_bytes(data)
        try:
            code, _, err = cli("status", "--project", str(tiny.root))
        finally:
            path.write_bytes(original)
        assert code == 2, (rel, err)
        _one_line_error(err)
        assert "not UTF-8" in err or "no pyproject.toml" in err, err


@EXAMPLES
@given(text=st.text(max_size=300))
def test_any_plan_text_is_a_plan_or_exit_2(tiny, cli, text):
    path = tiny.root / "plans/plan.toml"
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        code, _, err = cli("status", "--verify", "--project", str(tiny.root))
    finally:
        path.write_bytes(original)
    assert code == 2, err
    _one_line_error(err)


@EXAMPLES
@given(text=st.text(max_size=400))
def test_any_progress_text_gives_a_verdict(tiny, cli, text):
    path = tiny.root / "plans/PROGRESS.md"
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        code, out, err = cli("status", "--verify", "--format", "json", "--project", str(tiny.root))
    finally:
        path.write_bytes(original)
    assert "Traceback" not in err
    assert code in (0, 1), err
    assert json.loads(out)["verify"]["ok"] is (code == 0)


@EXAMPLES
@given(shape=JSON_VALUES | JOURNAL_SHAPES)
def test_a_wrongly_shaped_journal_is_exit_2_before_anything_changes(tiny, cli, shape):
    before = tiny.snapshot()
    path = tiny.root / JOURNAL
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(shape), encoding="utf-8")
    try:
        code, _, err = cli("run", "phase-0", "--project", str(tiny.root))
    finally:
        path.unlink()
    assert code == 2, err
    _one_line_error(err)
    assert f"{JOURNAL}: not a run journal of refactor-tools" in err
    assert {k: v for k, v in tiny.snapshot().items() if not k.startswith(".refactor-tools/")} == before


@EXAMPLES
@given(data=NOT_UTF8)
def test_an_undecodable_journal_is_exit_2(tiny, cli, data):
    path = tiny.root / JOURNAL
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    try:
        code, _, err = cli("run", "phase-0", "--project", str(tiny.root))
    finally:
        path.unlink()
    assert code == 2
    _one_line_error(err)
    assert "not UTF-8" in err
