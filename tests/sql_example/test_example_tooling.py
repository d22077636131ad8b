"""The example's tooling works from a clean copy: ruff, alembic, and the scripts run by path."""

from __future__ import annotations

import ast
import sqlite3
import tomllib

from tests.sql_example.conftest import EXAMPLE


def test_ruff_check_passes(sql_example, run_in):
    result = run_in(sql_example, "-m", "ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_check_passes(sql_example, run_in):
    result = run_in(sql_example, "-m", "ruff", "format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_configuration_sorts_imports_with_a_line_length():
    ruff = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())["tool"]["ruff"]
    assert "I" in ruff["lint"]["select"]
    assert isinstance(ruff["line-length"], int)


def test_alembic_upgrade_head_on_an_empty_database_then_the_scripts(sql_example, tmp_path, run_in):
    db = tmp_path / "fresh.db"
    env = {"DATABASE_URL": f"sqlite:///{db}"}
    upgrade = run_in(sql_example, "-m", "alembic", "upgrade", "head", env=env)
    assert upgrade.returncode == 0, upgrade.stderr
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type='table'")}
    assert {"user", "item", "alembic_version"} <= tables

    check = run_in(sql_example, "-m", "alembic", "check", env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr

    heads = run_in(sql_example, "-m", "alembic", "heads", env=env)
    assert heads.returncode == 0, heads.stderr
    assert len([line for line in heads.stdout.splitlines() if "(head)" in line]) == 1

    # The scripts run by path, as the container's start command runs them.
    pre_start = run_in(sql_example, "app/backend_pre_start.py", env=env)
    assert pre_start.returncode == 0, pre_start.stderr
    initial = run_in(sql_example, "app/initial_data.py", env=env)
    assert initial.returncode == 0, initial.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select email, is_superuser from user").fetchall()
    env_example = (EXAMPLE / ".env.example").read_text()
    assert [email for email, _ in rows] == ["admin@example.com"]
    assert "FIRST_SUPERUSER=admin@example.com" in env_example
    assert rows[0][1] == 1


def test_layout_of_a_real_backend():
    app = EXAMPLE / "app"
    assert not (app / "alembic" / "__init__.py").exists()
    assert len(list((app / "alembic" / "versions").glob("*.py"))) >= 2
    assert (EXAMPLE / "alembic.ini").read_text().count("script_location = app/alembic") == 1
    assert sorted(p.name for p in (app / "email-templates" / "build").glob("*.html")) == [
        "new_account.html",
        "reset_password.html",
        "test_email.html",
    ]
    assert ".env" in (EXAMPLE / ".gitignore").read_text().splitlines()
    assert not (EXAMPLE / ".env").exists() or ".env" in (EXAMPLE / ".gitignore").read_text()
    for single_file in ("crud.py", "models.py", "utils.py", "initial_data.py", "backend_pre_start.py"):
        assert (app / single_file).is_file()


def test_tool_table_uses_the_shared_key_names():
    table = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())["tool"]["refactor-tools"]
    assert table["package"] == "app" and table["source"] == "."
    assert table["env-file"] == ".env"
    assert table["specs"]["copy-untracked"] == [".env"]
    assert table["boundaries"]["exclude"] == ["alembic/**"]
    assert {gate["name"] for gate in table["gates"]["commands"]} >= {"ruff", "ruff-format"}


def _absolute_imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_harness_never_imports_the_example():
    harness = EXAMPLE.parents[1] / "src" / "refactor_tools"
    for path in harness.rglob("*.py"):
        for module in _absolute_imports(path):
            assert module != "app" and not module.startswith("app."), f"{path} imports {module}"
