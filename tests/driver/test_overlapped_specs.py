"""The specs gate's generation runs beside the tests gate's suite; its verdict stays the sequential one.

Each scenario runs a real phase on the tiny project (real git, real pytest and generation
subprocesses): the overlapped documents are used when nothing they were made from changed, a
breaking change still fails the specs gate, a suite that changes the tree makes the gate generate
again, and a failing tests gate stops the started generation (its process group and its output
file) before the tree is restored.
"""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
from pathlib import Path

import pytest

from refactor_tools.adapters.process import pid_alive
from refactor_tools.codemods import registry as codemod_registry
from refactor_tools.driver import actions
from tests.helpers import plan_after_baseline

CONFIG = """
[tool.refactor-tools.specs]
openapi = "tinyapp.main:app"
# Set only in the generation's subprocess: lets the app's code know it is being documented.
env = { TINY_SPECS_CHILD = "1" }
"""

PLAN = plan_after_baseline("tiny-overlap", "Specs generated beside the suite", """
[[phases]]
id = "phase-1"
title = "Change"

[[phases.tasks]]
id = "change"
number = 2
title = "Change the app"
actions = [{kind = "codemod", name = "overlap-test-change"}]
gates = {tests = true, specs = "identical"}
""")


def _prepared(project, cli, monkeypatch, change, driver: str = ""):
    """The tiny project with specs configured and its baseline recorded; phase-1 runs `change`."""
    def codemod(cfg, options, dry_run):
        changed = change(cfg.root)
        return actions.ActionResult("codemod", "changed the app for the test", tuple(changed))

    monkeypatch.setitem(codemod_registry._TABLE, "overlap-test-change", codemod)
    tiny = project(plan=PLAN)
    header = "[tool.refactor-tools.driver]\n"
    text = tiny.read("pyproject.toml")
    assert header in text
    tiny.write("pyproject.toml", text.replace(header, header + driver) + CONFIG)
    tiny.commit_all("configure the specs")
    code, out, err = cli("run", "phase-0", "--project", str(tiny.root))
    assert code == 0, err + out
    return tiny


def _append(root: Path, rel: str, text: str) -> str:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + textwrap.dedent(text), encoding="utf-8")
    return rel


def _write(root: Path, rel: str, text: str) -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return rel


def _gates(out: str) -> dict[str, dict]:
    data = json.loads(out)
    task = next(t for t in data["tasks"] if t["task"] == "change")
    return {g["name"]: g for g in task["gates"]}


def _our_outputs() -> list[Path]:
    # The generation's output files carry the pid of the process that started them: this one.
    return sorted(Path(tempfile.gettempdir()).glob(f"refactor-tools-specs-{os.getpid()}-*.json"))


@pytest.mark.parametrize("overlap", [True, False])
def test_an_unchanged_tree_uses_the_documents_made_beside_the_suite(project, cli, monkeypatch, overlap):
    tiny = _prepared(project, cli, monkeypatch,
                     lambda root: [_append(root, "src/tinyapp/greeting.py", "\n\nPUNCTUATION = '!'\n")],
                     "" if overlap else "overlap-specs = false\n")
    code, out, err = cli("run", "phase-1", "--format", "json", "--project", str(tiny.root))
    assert code == 0, err + out
    gates = _gates(out)
    assert gates["tests"]["summary"] == "3 passed"
    assert gates["specs"]["summary"] == "identical vs tiny-baseline"
    assert gates["specs"]["metrics"]["overlapped"] is overlap
    assert _our_outputs() == []


def test_a_breaking_change_fails_the_specs_gate_when_generated_beside_the_suite(project, cli, monkeypatch):
    def drop_route(root: Path) -> list[str]:
        main = root / "src/tinyapp/main.py"
        main.write_text(main.read_text(encoding="utf-8").split('@app.get("/greet/{name}")')[0], encoding="utf-8")
        tests = root / "tests/test_app.py"
        tests.write_text(tests.read_text(encoding="utf-8").split("def test_greet")[0], encoding="utf-8")
        return ["src/tinyapp/main.py", "tests/test_app.py"]

    tiny = _prepared(project, cli, monkeypatch, drop_route)
    start, before = tiny.head(), tiny.snapshot()
    code, out, err = cli("run", "phase-1", "--format", "json", "--project", str(tiny.root))
    assert code == 1, err + out
    gates = _gates(out)
    assert gates["tests"]["ok"] and gates["tests"]["summary"] == "2 passed"  # the suite passed: specs ran
    assert not gates["specs"]["ok"]
    assert gates["specs"]["summary"].startswith("breaking vs tiny-baseline")
    assert gates["specs"]["metrics"]["overlapped"] is True
    assert any("/greet/{name}" in line for line in gates["specs"]["details"])
    assert tiny.head() == start and tiny.snapshot() == before
    assert _our_outputs() == []


def test_a_suite_that_changes_the_tree_makes_the_specs_gate_generate_again(project, cli, monkeypatch, tmp_path):
    looked = tmp_path / "generator-looked"

    def add_route_during_the_suite(root: Path) -> list[str]:
        # The app serves /extra when extra.py exists; the generator says when it has looked.
        main = _append(root, "src/tinyapp/main.py", f"""

            import os as _os
            from pathlib import Path as _Path

            if _Path(__file__).with_name("extra.py").is_file():
                from tinyapp.extra import register

                register(app)
            if _os.environ.get("TINY_SPECS_CHILD"):
                _Path({str(looked)!r}).write_text("looked", encoding="utf-8")
        """)
        # A test that writes extra.py once the overlapped generation has imported the app.
        test = _write(root, "tests/test_writes_the_tree.py", f"""
            import time
            from pathlib import Path

            EXTRA = '''def register(app):
                @app.get("/extra")
                def extra() -> dict[str, str]:
                    return {{"extra": "yes"}}
            '''


            def test_adds_a_module_after_the_generator_looked():
                looked = Path({str(looked)!r})
                deadline = time.monotonic() + 120
                while not looked.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert looked.exists(), "the specs were not generated while the suite ran"
                Path("src/tinyapp/extra.py").write_text(EXTRA, encoding="utf-8")
        """)
        return [main, test]

    tiny = _prepared(project, cli, monkeypatch, add_route_during_the_suite)
    code, out, err = cli("run", "phase-1", "--format", "json", "--project", str(tiny.root))
    gates = _gates(out)
    assert gates["tests"]["ok"], err + out
    # Run one after the other, the specs gate would see the route the suite added: so it does.
    assert code == 1, err + out
    assert not gates["specs"]["ok"]
    assert gates["specs"]["metrics"]["overlapped"] is False
    assert any("/extra" in line for line in gates["specs"]["details"]), gates["specs"]
    assert _our_outputs() == []


def test_a_failing_tests_gate_stops_the_started_generation(project, cli, monkeypatch, tmp_path):
    pids = tmp_path / "generator.pids"

    def slow_generation_and_a_failing_test(root: Path) -> list[str]:
        # In the generation's subprocess only: start a grandchild, say both pids, then hang.
        main = _append(root, "src/tinyapp/main.py", f"""

            import os as _os

            if _os.environ.get("TINY_SPECS_CHILD"):
                import subprocess as _subprocess
                import time as _time

                _child = _subprocess.Popen(["sleep", "600"])
                _tmp = {str(pids)!r} + ".tmp"
                with open(_tmp, "w", encoding="utf-8") as _fh:
                    _fh.write(f"{{_os.getpid()}} {{_child.pid}}")
                _os.replace(_tmp, {str(pids)!r})
                _time.sleep(600)
        """)
        test = _write(root, "tests/test_injected.py", f"""
            import time
            from pathlib import Path


            def test_fails_while_the_specs_are_generated():
                pids = Path({str(pids)!r})
                deadline = time.monotonic() + 120
                while not pids.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert pids.exists(), "the specs were not generated while the suite ran"
                assert 40 + 2 == 41, "the injected failure"
        """)
        return [main, test]

    tiny = _prepared(project, cli, monkeypatch, slow_generation_and_a_failing_test)
    start, before = tiny.head(), tiny.snapshot()
    assert _our_outputs() == []
    code, out, err = cli("run", "phase-1", "--format", "json", "--project", str(tiny.root))
    assert code == 1, err + out
    assert "the injected failure" in out
    assert set(_gates(out)) == {"tests"}  # the specs gate never ran
    generator, grandchild = (int(p) for p in pids.read_text(encoding="utf-8").split())
    assert not pid_alive(generator)
    assert not pid_alive(grandchild)
    assert _our_outputs() == []
    assert tiny.head() == start and tiny.snapshot() == before
