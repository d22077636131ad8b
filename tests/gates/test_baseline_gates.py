"""The baseline runs what the gates will hold each task to: exact coverage, the project's env, commands."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from refactor_tools.codemods import registry as codemod_registry
from refactor_tools.driver import actions
from refactor_tools.driver.baseline_record import read_baseline_record
from tests.helpers import plan_after_baseline

from .conftest import Project

PYPROJECT = """\
[project]
name = "calc"
version = "0.1.0"

[tool.pytest.ini_options]
pythonpath = ["src"]
testpaths = ["tests"]

[tool.refactor-tools]
package = "calc"
source = "src"
plan = "plans/plan.toml"
progress = "plans/PROGRESS.md"
baseline = "calc-baseline"
env-file = ".env"
env = { CALC_MODE = "from-env" }

[tool.refactor-tools.driver]
pytest-args = ["-q", "-p", "no:cacheprovider"]

[tool.refactor-tools.gates.coverage]
tolerance = 1.0
"""

# Nine statements; the two tests cover six of them: 66.666...%, which pytest-cov's terminal
# table prints as "67%".
OPS = '''NAME = "calc"


def add(a, b):
    return a + b


def mul(a, b):
    return a * b


def unused(x):
    if x:
        return 1
    return 2
'''

TEST_ADD = '''import os

from calc.ops import add


def test_add():
    assert add(2, 3) == 5


def test_environment_is_the_projects():
    assert os.environ["CALC_FILE"] == "from-env-file"
    assert os.environ["CALC_MODE"] == "from-env"  # `env` overrides the env-file
'''

TEST_MUL = '''from calc.ops import mul


def test_mul():
    assert mul(2, 3) == 6
'''

PLAN = plan_after_baseline("calc-modular", "Calc modular migration", """
[[phases]]
id = "phase-1"
title = "Tidy"

[[phases.tasks]]
id = "harmless"
number = 2
title = "A change that keeps coverage"
actions = [{kind = "config", key = "driver.skip-unchanged", value = false}]
gates = {tests = true}

[[phases]]
id = "phase-2"
title = "Prune"

[[phases.tasks]]
id = "drop-tests"
number = 3
title = "Delete the multiplication tests"
actions = [{kind = "codemod", name = "delete-mul-tests-for-tests"}]
gates = {tests = true}
""")


def _delete_mul_tests(config, options, dry_run):
    """A task that deletes tests: coverage of the code they exercised drops."""
    (Path(config.root) / "tests" / "test_mul.py").unlink()
    return actions.ActionResult("codemod", "deleted tests/test_mul.py", ("tests/test_mul.py",))


@pytest.fixture
def calc(tmp_path):
    """A small project measured with pytest-cov, with .env (ignored) and `env`, committed in git."""
    root = tmp_path / "calc"
    files = {"pyproject.toml": PYPROJECT, "src/calc/__init__.py": "", "src/calc/ops.py": OPS,
             "tests/test_add.py": TEST_ADD, "tests/test_mul.py": TEST_MUL, "plans/plan.toml": PLAN,
             "plans/PROGRESS.md": "# Calc\n", ".env": "CALC_FILE=from-env-file\nCALC_MODE=overridden\n",
             ".gitignore": ".env\n"}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return Project(root)


@pytest.fixture
def cli(capsys):
    from refactor_tools.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _modes(project) -> dict[str, int]:
    return {rel: stat.S_IMODE(os.stat(project.root / rel).st_mode) for rel in project.snapshot()}


def test_baseline_records_exact_coverage_and_a_task_that_deletes_tests_fails_the_coverage_gate(calc, cli, monkeypatch):
    monkeypatch.setitem(codemod_registry._TABLE, "delete-mul-tests-for-tests", _delete_mul_tests)
    root = str(calc.root)
    code, out, err = cli("run", "phase-0", "--project", root)
    assert code == 0, out + err
    record = read_baseline_record(calc.root)
    assert record["coverage_percent"] == pytest.approx(600 / 9)  # exact, not pytest-cov's rounded "67%"
    assert record["coverage_percent"] != round(record["coverage_percent"], 2)
    assert record["coverage"] == "66.67%" and record["tests"] == {"passed": 3}
    assert "Coverage baseline: 66.67%" in calc.read("plans/PROGRESS.md")

    code, out, err = cli("run", "phase-1", "--project", root)
    assert code == 0, out + err
    assert "coverage: 66.67% vs baseline 66.67% (tolerance 1 points)" in out

    os.chmod(calc.root / "tests" / "test_mul.py", 0o664)
    head, before, modes = calc.repo.head.commit.hexsha, calc.snapshot(), _modes(calc)
    code, out, err = cli("run", "phase-2", "--project", root)
    assert code == 1, out + err
    assert ("phase-2 failed: task 3 'Delete the multiplication tests': gate tests: coverage: "
            "55.56% vs baseline 66.67% (tolerance 1 points)") in err
    assert "coverage 55.56% is below 65.67% (baseline 66.67% - 1)" in err
    assert calc.repo.head.commit.hexsha == head
    assert calc.snapshot() == before and _modes(calc) == modes  # test_mul.py is back, mode included
    assert not calc.repo.is_dirty(untracked_files=True)


def test_the_baseline_suite_commands_and_specs_run_with_env_file_and_env(calc, cli):
    # A before-tests command and a gate command that pass only with the project's variables, and
    # an app whose OpenAPI title shows the environment it was generated in.
    check = 'test "$CALC_FILE" = from-env-file && test "$CALC_MODE" = from-env'
    text = calc.read("pyproject.toml") + (
        f"\n[[tool.refactor-tools.gates.commands]]\nname = \"env-first\"\ncommand = '{check}'\nrun = \"before-tests\"\n"
        f"\n[[tool.refactor-tools.gates.commands]]\nname = \"env-last\"\ncommand = '{check}'\nrun = \"gate\"\n"
        '\n[tool.refactor-tools.specs]\nopenapi = "calc.app:app"\n')
    calc.write("pyproject.toml", text)
    calc.write("src/calc/app.py", "import os\n\nfrom fastapi import FastAPI\n\n"
                                  "app = FastAPI(title=f\"calc {os.environ.get('CALC_FILE')} {os.environ.get('CALC_MODE')}\")\n")
    calc.commit_all("commands and an app that read the env")
    code, out, err = cli("baseline", "--project", str(calc.root), "--format", "json")
    assert code == 0, out + err
    assert json.loads(out)["status"] == "done"
    spec = json.loads((calc.root / ".refactor-tools" / "baseline" / "openapi.json").read_text(encoding="utf-8"))
    assert spec["info"]["title"] == "calc from-env-file from-env"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # Without the project's env the suite's own check fails: the baseline refuses.
        (lambda text: text.replace('env = { CALC_MODE = "from-env" }\n', ""),
         "the baseline needs every test passing; got 1 failed, 2 passed"),
        # A gate command that fails refuses the baseline too, with its output.
        (lambda text: text + '\n[[tool.refactor-tools.gates.commands]]\nname = "lint"\n'
                             'command = "echo lint says no; exit 3"\n',
         "the baseline needs every gate passing; command lint: `echo lint says no; exit 3` exited 3"),
        # A before-tests command that fails refuses it before the suite runs.
        (lambda text: text + '\n[[tool.refactor-tools.gates.commands]]\nname = "migrate"\n'
                             'command = "test -n \\"$CALC_NOT_SET\\""\nrun = "before-tests"\n',
         'the baseline needs every gate passing; command migrate: `test -n "$CALC_NOT_SET"` exited 1'),
    ],
)
def test_the_baseline_refuses_what_a_gate_would_refuse(calc, cli, edit, expected):
    calc.write("pyproject.toml", edit(calc.read("pyproject.toml")))
    calc.commit_all("edited")
    head = calc.repo.head.commit.hexsha
    code, out, err = cli("baseline", "--project", str(calc.root))
    assert code == 1, out + err
    assert expected in err
    assert calc.repo.head.commit.hexsha == head and not calc.repo.tags
    assert read_baseline_record(calc.root) is None
