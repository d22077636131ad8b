"""The example's migration plan: valid for the harness, consistent with the code, in its style.

The whole plan runs in the e2e demo once the harness has every feature it needs; these tests
hold what can be checked without running it.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from refactor_tools.scaffold import render
from tests.sql_example.conftest import EXAMPLE, clean_env

PLAN = EXAMPLE / "plans" / "modular.toml"


def _plan() -> dict:
    return tomllib.loads(PLAN.read_text(encoding="utf-8"))


def _actions(kind: str) -> list[dict]:
    return [
        action
        for phase in _plan()["phases"]
        for task in phase["tasks"]
        for action in task.get("actions", [])
        if action["kind"] == kind
    ]


def _definitions(path: Path) -> set[str]:
    """Return the names a module defines at top level (functions, classes, assignments)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _modules(app: Path) -> dict[str, set[str]]:
    modules = {}
    for path in app.rglob("*.py"):
        rel = path.relative_to(app).with_suffix("")
        if "alembic" in rel.parts:
            continue
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        modules[".".join(parts)] = _definitions(path)
    return modules


def test_every_move_names_what_exists_at_that_point_of_the_plan():
    modules = _modules(EXAMPLE / "app")
    for action in _actions("move"):
        old, new = action["old"], action["new"]
        if ":" in old:
            module, _, names = old.partition(":")
            assert module in modules, f"{old}: no module {module!r} at this point of the plan"
            for name in names.split(","):
                assert name in modules[module], f"{old}: {module} defines no {name!r} here"
                modules[module].discard(name)
                modules.setdefault(new, set()).add(name)
        else:
            moved = {m: d for m, d in modules.items() if m == old or m.startswith(old + ".")}
            assert moved, f"move {old!r}: no such module at this point of the plan"
            assert new not in modules, f"move {old!r}: {new!r} exists already"
            for name, defs in moved.items():
                del modules[name]
                modules[new + name[len(old) :]] = defs
    # What the plan leaves of the monolith's single files: nothing but the shims' bodies.
    for legacy in ("crud", "models", "api.deps"):
        assert modules.get(legacy, set()) == set(), f"{legacy} still defines {modules[legacy]}"


def test_status_reads_the_plan_and_its_progress_document(tmp_path):
    project = tmp_path / "sql_monolith"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".env", "*.db", "__pycache__"))
    env = clean_env(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t.invalid")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t.invalid")
    for args in (["init", "-q", "-b", "main"], ["add", "--all"], ["commit", "-q", "-m", "monolith"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True)
    run = subprocess.run(
        [sys.executable, "-m", "refactor_tools", "status", "--verify", "--format", "json"],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert report["plan"] == "sql-modular"
    assert report["counts"] == {"done": 0, "in-progress": 1, "pending": 14, "total": 15}
    assert [t["phase"] for t in report["tasks"]][-1] == "phase-6"


def test_scaffolded_files_pass_the_projects_ruff(tmp_path):
    project = tmp_path / "sql_monolith"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".env", "*.db", "__pycache__"))
    written = []
    for action in _actions("scaffold"):
        target = project / action["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(action["template"], action.get("values", {}), root=EXAMPLE))
        written.append(action["path"])
    assert "app/app_factory.py" in written and "app/shared/module_registry.py" in written
    for args in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args, *written],
            cwd=project, env=clean_env(), capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
