"""`refactor-tools init` on three layouts: the configs it writes load, pass the schema and the plan loads."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import jsonschema
import pytest

from refactor_tools.cli import main
from refactor_tools.config import load_config
from refactor_tools.driver.plan import load_plan
from refactor_tools.schema import json_schema

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "init"

# layout -> (project folder below the copy, package, source, legacy app, factory, modules, exclude)
EXPECTED = {
    "src_layout": (".", "shop", "src", "shop.main:app", None, ["customers", "orders"], []),
    "flat_layout": (".", "app", ".", "app.main:app", None, ["items", "users"],
                    ["alembic/**", "app/email-templates/**"]),
    "backend_subfolder": ("backend", "app", ".", "app.main:app", "app.main:create_app",
                          ["items", "login", "users"], ["app/alembic/**"]),
}


@pytest.fixture
def copy(tmp_path: Path):
    def make(layout: str) -> Path:
        target = tmp_path / layout
        shutil.copytree(ASSETS / layout, target)
        return target
    return make


@pytest.mark.parametrize("layout", sorted(EXPECTED))
def test_init_writes_a_config_that_loads_and_passes_the_schema(
    copy, capsys: pytest.CaptureFixture[str], layout: str
) -> None:
    repo = copy(layout)
    folder, package, source, legacy, factory, modules, exclude = EXPECTED[layout]
    assert main(["init", "--project", str(repo)]) == 0
    err = capsys.readouterr().err
    assert f"package {package!r} in {source!r}" in err
    root = (repo / folder).resolve()

    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert "# refactor-tools: written by `refactor-tools init`" in text
    table = tomllib.loads(text)["tool"]["refactor-tools"]
    jsonschema.validate(table, json_schema())
    config = load_config(root)  # the schema check is part of loading
    assert (config.package, config.source) == (package, source)
    assert table["app"].get("legacy") == legacy and table["app"].get("factory") == factory
    assert table["specs"]["openapi"] == legacy
    assert table["boundaries"].get("exclude", []) == exclude

    plan = load_plan(config)
    moves = [a for _, t in plan.tasks() for a in t.actions if a.kind == "move"]
    assert sorted(m.new for m in moves) == [f"modules.{name}.api" for name in modules]
    assert [t.id for _, t in plan.tasks()][:2] == ["baseline", "tests-use-fixtures"]
    assert (root / "plans" / "MODULAR_IMPL.md").read_text(encoding="utf-8").count("- [ ] Task") == len(plan.tasks())

    assert main(["status", "--project", str(root), "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["counts"]["pending"] + status["counts"]["in-progress"] == len(plan.tasks())
    assert main(["config", "--project", str(root)]) == 0


def test_flat_layout_without_pyproject_gets_one_and_env_file_from_the_example(copy) -> None:
    repo = copy("flat_layout")
    assert not (repo / "pyproject.toml").exists()
    assert main(["init", "--project", str(repo)]) == 0
    table = tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["refactor-tools"]
    assert table["env-file"] == ".env" and table["specs"]["copy-untracked"] == [".env"]


def test_existing_pyproject_content_is_kept(copy) -> None:
    repo = copy("src_layout")
    before = (repo / "pyproject.toml").read_text()
    assert main(["init", "--project", str(repo)]) == 0
    after = (repo / "pyproject.toml").read_text()
    assert after.startswith(before) and tomllib.loads(after)["project"]["name"] == "shop"


def test_dry_run_prints_everything_and_writes_nothing(copy, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy("src_layout")
    before = sorted(p.relative_to(repo) for p in repo.rglob("*"))
    assert main(["init", "--project", str(repo), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert sorted(p.relative_to(repo) for p in repo.rglob("*")) == before
    assert "# --- pyproject.toml (append)\n" in out and "# --- plans/modular.toml (create)\n" in out
    assert 'package = "shop"' in out


def test_second_init_refuses_and_changes_nothing(copy, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy("src_layout")
    assert main(["init", "--project", str(repo)]) == 0
    snapshot = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["init", "--project", str(repo)]) == 2
    assert "already has a [tool.refactor-tools] table" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == snapshot


def test_existing_plan_file_is_never_overwritten(copy, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy("src_layout")
    (repo / "plans").mkdir()
    (repo / "plans" / "modular.toml").write_text("# mine\n")
    pyproject = (repo / "pyproject.toml").read_text()
    assert main(["init", "--project", str(repo)]) == 2
    assert "modular.toml already exists" in capsys.readouterr().err
    assert (repo / "plans" / "modular.toml").read_text() == "# mine\n"
    assert (repo / "pyproject.toml").read_text() == pyproject


def test_no_fastapi_project_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("x = 1\n")
    assert main(["init", "--project", str(tmp_path)]) == 2
    assert "no Python package with a FastAPI app found" in capsys.readouterr().err
