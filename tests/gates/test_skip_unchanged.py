"""Skipping a gate already green on the same inputs: never when any input changed."""

from __future__ import annotations

import stat

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refactor_tools.adapters.env import load_project_env
from refactor_tools.config import load_config
from refactor_tools.driver.gatecache import GreenRecords
from refactor_tools.driver.gates import gate_steps


def _gates(project):
    config = load_config(project.root)
    return [run() for _, run in gate_steps(config, {"tests": True}, "HEAD")]


def test_second_run_on_the_same_tree_is_skipped_and_any_change_reruns(notes):
    project = notes()
    first = _gates(project)
    assert [g.ok for g in first] == [True, True] and not any(g.metrics.get("skipped") for g in first)
    again = _gates(project)
    assert [g.metrics.get("skipped") for g in again] == [True, True]
    assert again[0].summary.startswith("skipped: inputs unchanged since a green run at ")
    assert again[0].summary.endswith("(legacy: 1 passed; factory: 1 passed; without the app: 2 passed)")
    # An ignored file that is an input (the env-file) changes: everything runs again.
    project.write(".env", project.read(".env") + "EXTRA=1\n")
    rerun = _gates(project)
    assert not any(g.metrics.get("skipped") for g in rerun)
    # A change that makes the suite fail is of course never skipped.
    project.write("tests/test_notes.py", project.read("tests/test_notes.py") + "\ndef test_new():\n    assert False\n")
    (tests,) = [g for g in _gates(project) if g.name == "tests"][:1]
    assert not tests.ok and not tests.metrics.get("skipped")


def test_skipping_can_be_turned_off(notes):
    project = notes()
    project.set_table("[tool.refactor-tools.app]", "[tool.refactor-tools.driver]\nskip-unchanged = false\n\n[tool.refactor-tools.app]")
    _gates(project)
    assert not any(g.metrics.get("skipped") for g in _gates(project))


FILES = ["src/notes/store.py", "tests/test_notes.py", "src/notes/extra.py", "data/new.txt", ".env"]
EDIT = st.tuples(st.sampled_from(["write", "delete", "chmod", "same"]), st.sampled_from(FILES),
                 st.sampled_from(["a", "b", ""]))


def _state(project) -> tuple:
    # What the key must reflect: every non-ignored file's content and executable bit, and the
    # env-file's content (an ignored file: only the variables it sets are inputs, not its mode).
    snap = project.snapshot()
    return tuple(sorted((path, digest, 0 if path == ".env" else mode & 0o100) for path, (digest, mode) in snap.items()))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDIT, min_size=1, max_size=8))
def test_key_changes_exactly_when_an_input_changes(notes, edits):
    project = notes()
    config = load_config(project.root)
    seen: dict[tuple, str] = {}

    def key() -> str:
        env = load_project_env(project.root, config.table) if (project.root / ".env").exists() else {}
        return GreenRecords(project.root).key("tests", ["args"], env)

    seen[_state(project)] = key()
    for action, rel, text in edits:
        path = project.root / rel
        if action == "write":
            project.write(rel, f"X={text}\n" if rel == ".env" else f"# {text}\n")
        elif action == "delete" and path.exists() and rel != ".env":
            path.unlink()
        elif action == "chmod" and path.exists():
            path.chmod(path.stat().st_mode ^ stat.S_IXUSR)
        state, current = _state(project), key()
        if state in seen:
            assert current == seen[state], (action, rel)
        else:
            assert current not in seen.values(), (action, rel)
            seen[state] = current
    # The gate's configuration is an input too.
    assert GreenRecords(project.root).key("tests", ["other"], {}) != GreenRecords(project.root).key("tests", ["args"], {})
