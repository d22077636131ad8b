"""The SQL monolith example split by symbol: crud.py and models.py into modules, utils.py moved
with its email templates. Its suite, ruff and scripts stay green with shims and after
remove-shims, with zero hand edits (the project's formatter runs as the codemods' after-hook)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import git
import pytest

from refactor_tools.cli import main
from tests.helpers import UNUSED_PLUGINS
from tests.sql_example.conftest import clean_env, copy_example

MOVES = [
    ["crud:create_item,get_item,list_items,update_item,delete_item", "modules.items.service"],
    ["crud:create_user,update_user,get_user_by_email,get_user,list_users,delete_user,authenticate",
     "modules.users.service"],
    ["models:Item,ItemBase,ItemCreate,ItemUpdate,ItemPublic,ItemsPublic", "modules.items.models"],
    ["models:User,UserBase,UserCreate,UserRegister,UserUpdate,UserUpdateMe,UpdatePassword,UserPublic,"
     "UsersPublic", "modules.users.models"],
    ["utils", "core.emails"],
]


def run(root: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    import subprocess

    return subprocess.run(
        [sys.executable, *args], cwd=root, env=clean_env(**(env or {})), capture_output=True, text=True, timeout=900
    )


def assert_green(root: Path, tmp_path: Path, label: str) -> None:
    for args in (["-m", "ruff", "check", "--no-cache", "."], ["-m", "ruff", "format", "--check", "--no-cache", "."]):
        result = run(root, *args)
        assert result.returncode == 0, f"{label}: {args}\n{result.stdout}{result.stderr}"
    suite = run(root, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:refactor_tools", *UNUSED_PLUGINS)
    assert suite.returncode == 0, f"{label}: suite\n{suite.stdout[-3000:]}{suite.stderr[-2000:]}"
    assert " passed" in suite.stdout and " failed" not in suite.stdout
    db = tmp_path / f"{label}.db"
    env = {"DATABASE_URL": f"sqlite:///{db}"}
    for args in (["-m", "alembic", "upgrade", "head"], ["-m", "alembic", "check"],
                 ["app/backend_pre_start.py"], ["app/initial_data.py"]):
        result = run(root, *args, env=env)
        assert result.returncode == 0, f"{label}: {args}\n{result.stdout}{result.stderr}"
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from user").fetchone() == (1,)


@pytest.mark.slow(seconds=30)
def test_split_by_symbol_and_move_utils_with_templates_zero_hand_edits(tmp_path, capsys):
    root = copy_example(tmp_path / "sql_monolith")
    # The example's own after-hooks name bare `ruff`: the harness finds the one installed beside it.
    repo = git.Repo.init(root)
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Test")
        cfg.set_value("user", "email", "test@example.com")
    repo.git.add(A=True)
    repo.index.commit("the monolith")
    for old, new in MOVES:
        assert main(["move", old, new, "--project", str(root)]) == 0, capsys.readouterr().err
        repo.git.add(A=True)
        repo.index.commit(f"move {old} -> {new}")
    out = capsys.readouterr().out
    assert "moved    app/email-templates/build/new_account.html -> app/core/email-templates/build/new_account.html" in out
    crud = (root / "app/crud.py").read_text()
    assert "def " not in crud.split("# refactor-tools: moved symbols")[0]
    assert (root / "app/modules/items/service.py").is_file() and (root / "app/modules/users/models.py").is_file()
    assert "from app.modules.items.models import Item" in (root / "app/alembic/env.py").read_text()
    assert_green(root, tmp_path, "with-shims")

    assert main(["remove-shims", "--project", str(root)]) == 0
    capsys.readouterr()
    repo.git.add(A=True)
    repo.index.commit("remove shims")
    assert not (root / "app/utils.py").exists()
    assert "_MOVED_TO" not in (root / "app/crud.py").read_text() + (root / "app/models.py").read_text()
    assert_green(root, tmp_path, "after-remove-shims")
