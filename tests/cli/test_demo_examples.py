"""`demo --example NAME|PATH`: the bundled examples by name, a project by path, and final checks
derived from the project's own configuration (no example's names in the harness)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import git
import pytest

from refactor_tools.cli import main
from refactor_tools.config import load_config
from refactor_tools.driver import demo

REPO = Path(__file__).resolve().parents[2]


def test_an_unknown_example_is_a_usage_error_listing_the_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workdir = tmp_path / "demo"
    assert main(["demo", "--example", "sqll", "--workdir", str(workdir)]) == 2
    err = capsys.readouterr().err
    assert "unknown example 'sqll': not a bundled example and not a project directory" in err
    assert "use one of legacy, sql, trading (default trading), or the path of a project directory" in err
    assert not workdir.exists()


def test_names_resolve_to_the_bundled_examples() -> None:
    sql, sql_plans, bundled = demo.resolve_example("sql")
    assert sql == REPO / "examples" / "sql_monolith" and sql_plans is None and bundled
    trading = demo.resolve_example("trading")
    assert trading == demo.resolve_example("legacy") == demo.resolve_example(None)
    assert trading == (REPO / "examples" / "legacy_monolith", REPO / "plans", True)


def test_a_path_brings_its_own_plan_or_gets_the_default_plans(tmp_path: Path) -> None:
    own = tmp_path / "own"
    (own / "plans").mkdir(parents=True)
    (own / "plans" / "p.toml").write_text("", encoding="utf-8")
    (own / "pyproject.toml").write_text('[tool.refactor-tools]\npackage = "x"\nplan = "plans/p.toml"\n', encoding="utf-8")
    assert demo.resolve_example(own) == (own, None, False)
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "pyproject.toml").write_text('[tool.refactor-tools]\npackage = "x"\n', encoding="utf-8")
    assert demo.resolve_example(str(bare)) == (bare, REPO / "plans", False)
    assert demo.resolve_example(bare, tmp_path / "mine")[1] == tmp_path / "mine"


def test_the_sql_copy_gets_its_env_file_from_the_template_never_committed(tmp_path: Path) -> None:
    example, plans, bundled = demo.resolve_example("sql")
    root = demo.prepare_workdir(tmp_path / "demo", example, plans, bundled=bundled)
    assert (root / ".env").read_text() == (example / ".env.example").read_text()
    repo = git.Repo(root)
    tracked = repo.git.ls_files().splitlines()
    assert ".env" not in tracked and ".env.example" in tracked and "plans/modular.toml" in tracked
    assert not [p for p in tracked if p.endswith((".db", ".pyc"))]
    assert repo.git.status("--porcelain") == ""  # the driver starts from a clean tree


PROJECT = """\
[tool.pytest.ini_options]
pythonpath = ["src"]
addopts = "-q"

[tool.refactor-tools]
package = "shop"
source = "src"
"""


def _project(root: Path, extra: str = "") -> Path:
    files = {
        "pyproject.toml": PROJECT + extra,
        "src/shop/__init__.py": "",
        "src/shop/modules/__init__.py": "",
        "src/shop/modules/alpha/__init__.py": "",
        "src/shop/modules/alpha/tests/__init__.py": "",
        "src/shop/modules/alpha/tests/test_alpha.py": "def test_alpha():\n    assert 1 + 1 == 2\n",
        "src/shop/modules/beta/__init__.py": "",
        "src/shop/old.py": "# refactor-tools: shim -> shop.modules.beta\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_module_suites_follow_the_projects_workers_and_plugin_use(tmp_path: Path) -> None:
    plain = load_config(_project(tmp_path / "plain"))
    module = plain.package_dir / "modules" / "alpha"
    assert demo.module_suite_args(plain, module) == ["-p", "no:cacheprovider", "src/shop/modules/alpha"]
    plugin = load_config(_project(tmp_path / "plugin", '\n[tool.refactor-tools.app]\nlegacy = "shop.main:app"\n'
                                                       '\n[tool.refactor-tools.driver]\nworkers = 2\n'))
    args = demo.module_suite_args(plugin, plugin.package_dir / "modules" / "alpha")
    assert args == ["-p", "no:cacheprovider", "src/shop/modules/alpha", "-n", "2", "--isolated-module", "alpha"]


def test_final_checks_run_each_modules_own_tests_and_find_what_is_left(tmp_path: Path) -> None:
    root = _project(tmp_path / "shop")
    before = sorted(p for p in root.rglob("*"))
    suites, without, shims, problems = demo.final_checks(root)
    assert [(s.module, s.ok) for s in suites] == [("alpha", True)]
    assert "1 passed" in suites[0].summary
    assert without == ("beta",)
    assert shims == ("src/shop/old.py",)
    assert problems == ()
    assert sorted(p for p in root.rglob("*")) == before  # checks only: nothing written in the project


def test_the_summary_counts_the_command_gates_and_times_every_step() -> None:
    from types import SimpleNamespace

    from refactor_tools.driver.gates import GateResult

    steps = [{"name": "command migrate", "ok": True, "summary": "`alembic upgrade head` exited 0", "seconds": 1.5},
             {"name": "tests", "ok": True, "summary": "110 passed, 2 skipped", "seconds": 10.0},
             {"name": "command ruff", "ok": True, "summary": "`ruff check .` exited 0", "seconds": 0.5,
              "beside-suite": True}]
    tests = GateResult("tests", True, "110 passed, 2 skipped; command migrate: ...", duration=12.1,
                       metrics={"steps": steps})
    specs = GateResult("specs", True, "identical vs pre-modular-baseline", duration=2.0)
    task = SimpleNamespace(gates=(tests, specs), commit="abc1234")
    phase = SimpleNamespace(phase="phase-1", title="Shared", status="done", tasks=(task, task), duration=30.0)
    result = demo.DemoResult(Path("/w"), (phase,))
    [row] = demo.summary_rows(result)
    assert row["tests"] == "110 passed, 2 skipped (+2 command gates ok)"
    assert row["gates"] == {"command migrate": 3.0, "tests": 20.0, "command ruff": 1.0, "specs": 4.0}
    assert row["gate_runs"] == {"command migrate": 2, "tests": 2, "command ruff": 2, "specs": 2}
    assert row["beside_suite"] == ["command ruff"]  # its seconds overlap the suite's
    assert list(demo.gate_totals(result)) == ["tests", "specs", "command migrate", "command ruff"]
