"""`refactor-tools demo --example sql`: the SQL monolith's whole plan, zero hand edits, checked.

One demo run serves every test here (`sql_demo_run`, built once per session): a real git
repository, real commits, the example's own suite, ruff and alembic as subprocesses.
"""

from __future__ import annotations

import ast
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import git
import pytest

from tests.helpers import run_cli

pytestmark = pytest.mark.slow(seconds=200)

PHASES = [f"phase-{n}" for n in range(7)]
COMMAND_GATES = ["command alembic-check", "command alembic-heads", "command migrate", "command ruff",
                 "command ruff-format"]
MODULES = ["auth", "items", "users", "utils"]


def _env(**extra: str) -> dict[str, str]:
    app_keys = {"DATABASE_URL", "ENVIRONMENT", "SECRET_KEY", "SMTP_HOST", "PYTHONPATH"}
    env = {k: v for k, v in os.environ.items() if k not in app_keys and not k.startswith("PYTEST_")}
    return {**env, **extra}


def _python(root: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=root, env=_env(**extra), capture_output=True, text=True,
                          timeout=600)


def _imports_itself(root: Path, path: Path) -> bool:
    """Return True when a module imports itself (`from app.x import y` inside app/x/y.py).

    A package's `__init__` importing its own submodules (`from app.x import y` in app/x/) is not.
    """
    parts = path.relative_to(root).with_suffix("").parts
    package = parts[-1] == "__init__"
    module = ".".join(parts[:-1] if package else parts)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name == module for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            if (node.module == module and not package) or any(f"{node.module}.{a.name}" == module for a in node.names):
                return True
    return False


def test_every_phase_and_task_passed_every_gate(sql_demo_run: dict[str, Any]) -> None:
    data = sql_demo_run["json"]
    verdict = {k: data[k] for k in ("ok", "problems", "shims_left", "module_suites")}
    assert sql_demo_run["exit"] == 0 and data["ok"] is True, f"{verdict}\n{sql_demo_run['stderr'][-4000:]}"
    assert [(p["phase"], p["status"]) for p in data["phases"]] == [(p, "done") for p in PHASES]
    assert sum(p["tasks"] for p in data["phases"]) == 15
    for row in data["phases"]:
        runs = row["gate_runs"]
        # Every task: the suite, the specs against the baseline and every command gate;
        # boundaries from phase-1 on (phase-0 records the baseline without rules).
        expected = {"tests": row["tasks"], "specs": row["tasks"], **{name: row["tasks"] for name in COMMAND_GATES}}
        if row["phase"] != "phase-0":
            expected["boundaries"] = row["tasks"]
        assert runs == expected, row["phase"]
        assert row["specs"].startswith("identical vs pre-modular-baseline"), row
        assert row["boundaries"] == "-" or row["boundaries"].startswith("0 violation(s), 0 in the baseline"), row
    assert data["setup"] == ["created .env from .env.example (the env-file; never committed)"]
    # The lookahead (on in the demo) paired the 15 tasks across phases, the last one left alone: in
    # each pair the second task's suite was verified in a worktree beside the first's gates.
    ahead = [row["lookahead"] for row in data["phases"]]
    assert (sum(a["verified"] for a in ahead), sum(a["dropped"] for a in ahead)) == (7, 0), ahead


def test_the_suite_ran_sequentially_with_the_projects_own_addopts(sql_demo_run: dict[str, Any]) -> None:
    records = json.loads((sql_demo_run["workdir"] / ".git" / "refactor-tools" / "gates.json").read_text())
    commands = [r["metrics"]["command"] for r in records.values() if r["gate"] == "tests"]
    assert len(commands) >= 15
    for command in commands:
        assert not [a for a in command if a in ("-n", "--numprocesses") or a.startswith(("-n", "--numprocesses="))
                    and a != "-no"], command
    # The suite's last run was green on the final tree: every test passed or was skipped.
    last = max((r for r in records.values() if r["gate"] == "tests"), key=lambda r: r["at"])
    assert re.fullmatch(r"1\d\d passed, 2 skipped", last["summary"]), last["summary"]


def test_the_modular_layout_with_nothing_left_of_the_monolith(sql_demo_run: dict[str, Any]) -> None:
    root = sql_demo_run["workdir"]
    app = root / "app"
    expected = ["main.py", "app_factory.py", "initial_data.py", "backend_pre_start.py",
                "shared/config.py", "shared/db.py", "shared/security.py", "shared/email.py",
                "shared/module_interface.py", "shared/module_registry.py"]
    expected += [f"modules/{m}/{f}.py" for m in ("users", "items", "auth") for f in ("__init__", "api", "service")]
    expected += ["modules/users/models.py", "modules/items/models.py", "modules/utils/api.py"]
    assert [f for f in expected if not (app / f).is_file()] == []
    assert list((app / "shared" / "email-templates" / "build").glob("*.html"))
    assert [p for p in ("crud.py", "models.py", "utils.py", "core", "api", "email-templates") if (app / p).exists()] == []
    tracked = git.Repo(root).git.ls_files().splitlines()
    assert ".env" not in tracked and not [p for p in tracked if p.endswith(".db")]
    markers = ("refactor-tools: shim", "refactor-tools: moved symbols")
    left = [p.relative_to(root).as_posix() for p in root.rglob("*.py")
            if ".git" not in p.parts and any(m in p.read_text(encoding="utf-8") for m in markers)]
    assert left == []
    assert [p for p in app.rglob("*.py") if _imports_itself(root, p)] == []
    data = sql_demo_run["json"]
    assert (data["shims_left"], data["problems"]) == ([], [])
    assert (data["module_suites"], data["modules_without_tests"]) == ([], MODULES)  # the suite lives in tests/


def test_ruff_is_clean_and_the_scripts_run_on_an_empty_database(sql_demo_run: dict[str, Any], tmp_path: Path) -> None:
    root = sql_demo_run["workdir"]
    for args in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        done = _python(root, "-m", "ruff", *args)
        assert done.returncode == 0, done.stdout + done.stderr
    database = tmp_path / "empty.db"
    url = f"sqlite:///{database}"
    for args in (["-m", "alembic", "upgrade", "head"], ["-m", "alembic", "check"], ["-m", "alembic", "heads"],
                 ["app/backend_pre_start.py"], ["app/initial_data.py"], ["app/initial_data.py"]):
        done = _python(root, *args, DATABASE_URL=url)
        assert done.returncode == 0, f"{args}\n{done.stdout}{done.stderr}"
    with sqlite3.connect(database) as conn:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        assert {"user", "item", "alembic_version"} <= tables
        assert conn.execute("select count(*) from user where is_superuser").fetchone() == (1,)


def test_openapi_identical_boundaries_clean_and_progress_verified(sql_demo_run: dict[str, Any]) -> None:
    root = sql_demo_run["workdir"]
    env = _env()
    specs = run_cli(root, "diff-specs", "--format", "json", env=env)
    assert specs.returncode == 0, specs.stdout + specs.stderr
    assert json.loads(specs.stdout)["verdict"] == "identical"
    boundaries = run_cli(root, "check-boundaries", env=env)
    assert boundaries.returncode == 0, boundaries.stdout + boundaries.stderr
    status = run_cli(root, "status", "--verify", "--format", "json", env=env)
    assert status.returncode == 0, status.stdout + status.stderr
    report = json.loads(status.stdout)
    assert report["verify"] == {"ok": True, "problems": [], "checked": 15}
    text = (root / "plans" / "MODULAR_IMPL.md").read_text(encoding="utf-8")
    assert "Completed (15/15 tasks)" in text
    repo = git.Repo(root)
    history = {c.hexsha for c in repo.iter_commits("HEAD")}
    hashes = re.findall(r"Committed: `?([0-9a-f]{7,40})`?", text)
    assert len(hashes) == 15
    assert [h for h in hashes if repo.git.rev_parse(f"{h}^{{commit}}") not in history] == []
