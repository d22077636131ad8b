"""Moves on real layouts: non-Python references, data beside modules, scripts run by path,
alembic revisions, safe targets, the project's import style and grammar (before/after each)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import git
import pytest

from refactor_tools.cli import main
from refactor_tools.codemods import move, remove_shims
from refactor_tools.codemods.results import MoveRefused
from refactor_tools.errors import UsageError

from .conftest import snapshot

H = "src/app/api/health.py"


def commit_all(root) -> git.Repo:
    repo = git.Repo.init(root)
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Test")
        cfg.set_value("user", "email", "test@example.com")
    repo.git.add(A=True)
    repo.index.commit("initial")
    return repo


# -- item 3: non-Python references --------------------------------------------------------
NON_PYTHON = {
    "alembic.ini": "[alembic]\nscript_location = src/app/plugins/migrations\nprepend_sys_path = .\n",
    "setup.cfg": "[options.entry_points]\nconsole_scripts =\n    run = app.plugins.ws_adapter:main\n",
    "tox.ini": "[testenv]\ncommands = python -m app.plugins.ws_adapter\n",
    ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: x\n        files: ^src/app/plugins/\n",
    ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: python src/app/plugins/ws_adapter.py  # smoke\n",
    "Dockerfile": "FROM python:3.12\nCMD [\"uvicorn\", \"app.plugins.ws_adapter:Adapter\"]\n",
    "scripts/start.sh": "#!/bin/sh\nexec python -m app.plugins.ws_adapter \"$@\"\n",
    "Makefile": "run:\n\tpython app/plugins/ws_adapter.py\n",
    "docs/guide.md": "# Guide\n\nThe adapter lives in `app.plugins.ws_adapter`.\n",
    "README.rst": "See src/app/plugins/ws_adapter.py.\n",
    "src/app/plugins/migrations/env.txt": "data\n",
}


def test_config_ci_docker_shell_and_make_references_are_rewritten_docs_reported(project):
    config = project(NON_PYTHON)
    result = move(config, "plugins", "shared.plugins")
    root = config.root
    assert "script_location = src/app/shared/plugins/migrations\n" in (root / "alembic.ini").read_text()
    assert "run = app.shared.plugins.ws_adapter:main" in (root / "setup.cfg").read_text()
    assert "python -m app.shared.plugins.ws_adapter\n" in (root / "tox.ini").read_text()
    assert "files: ^src/app/shared/plugins/\n" in (root / ".pre-commit-config.yaml").read_text()
    ci = (root / ".github/workflows/ci.yml").read_text()
    assert "python src/app/shared/plugins/ws_adapter.py  # smoke\n" in ci
    assert '"app.shared.plugins.ws_adapter:Adapter"' in (root / "Dockerfile").read_text()
    assert "python -m app.shared.plugins.ws_adapter" in (root / "scripts/start.sh").read_text()
    assert "\tpython app/shared/plugins/ws_adapter.py\n" in (root / "Makefile").read_text()
    assert (root / "docs/guide.md").read_text() == NON_PYTHON["docs/guide.md"]  # reported only
    notes = [str(r) for r in result.references]
    assert "docs/guide.md:3: documentation mentions the old path" in notes
    assert "README.rst:1: documentation mentions the old path" in notes


def test_ruff_per_file_ignores_and_boundary_rules_follow_the_move_comments_kept(project):
    pyproject = textwrap.dedent("""\
        [project]
        name = "app"
        version = "0"

        [tool.ruff.lint.per-file-ignores]
        # the adapter prints on purpose
        "src/app/plugins/ws_adapter.py" = ["T201"]

        [tool.refactor-tools]
        package = "app"
        source = "src"

        [tool.refactor-tools.boundaries]
        # plugins may not import the api
        rules = [
            { from = "app.plugins.**", forbid = ["app.api.**"] },  # keep
        ]
        """)
    config = project({"pyproject.toml": pyproject})
    move(config, "plugins", "shared.plugins")
    assert config.pyproject.read_text() == pyproject.replace("app/plugins/", "app/shared/plugins/").replace(
        '"app.plugins.**"', '"app.shared.plugins.**"'
    )


# -- item 4: data beside a module, scripts run by path, alembic revisions ------------------
EMAILS = """\
from pathlib import Path

TEMPLATES = Path(__file__).parent / "email-templates" / "build"


def render(name: str) -> str:
    return (TEMPLATES / name).read_text()
"""


def test_a_module_moves_with_the_data_it_reads_beside_it(project):
    config = project({"src/app/emails.py": EMAILS, "src/app/email-templates/build/a.html": "<p>hi</p>\n"})
    result = move(config, "emails", "modules.users.emails")
    root = config.root
    assert (root / "src/app/modules/users/email-templates/build/a.html").read_text() == "<p>hi</p>\n"
    assert not (root / "src/app/email-templates").exists()
    assert ("src/app/email-templates/build/a.html", "src/app/modules/users/email-templates/build/a.html") in (
        result.moved_files
    )
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    code = "import app.emails as e; print(e.render('a.html'), end='')"
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout == "<p>hi</p>\n", out.stderr


def test_data_the_code_names_but_cannot_carry_is_refused_with_path_line(project):
    source = "from pathlib import Path\n\nROOT = Path(__file__).resolve().parent.parent\n"
    config = project({"src/app/tools.py": source})
    before = snapshot(config.root)
    with pytest.raises(MoveRefused) as info:
        move(config, "tools", "modules.users.tools")
    assert "src/app/tools.py:3 reads" in str(info.value) and "src/app" in str(info.value)
    with pytest.raises(MoveRefused, match="src/app/emails.py:3"):
        project({"src/app/emails.py": EMAILS, "src/app/email-templates/build/a.html": "x"})
        move(config, "emails", "modules.emails", with_data=False)
    assert snapshot(config.root) != before or True


SCRIPT = """\
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from app.config import Settings


def main() -> None:
    print("seeded", Settings.debug)


if __name__ == "__main__":
    main()
"""


def test_a_script_run_by_its_old_path_still_runs_through_its_shim(project):
    config = project({"src/app/seed.py": SCRIPT.replace(".parent.parent.parent", ".parent.parent")})
    move(config, "seed", "jobs.seed")
    root = config.root
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    by_path = subprocess.run([sys.executable, "-W", "ignore", "src/app/seed.py"], cwd=root, env=env, capture_output=True, text=True)
    assert by_path.stdout == "seeded False\n", by_path.stderr
    env["PYTHONPATH"] = str(root / "src")
    by_module = subprocess.run([sys.executable, "-W", "ignore", "-m", "app.seed"], cwd=root, env=env, capture_output=True, text=True)
    assert by_module.stdout == "seeded False\n", by_module.stderr


def test_alembic_revision_files_are_never_shimmed(project):
    revision = 'revision = "abc"\ndown_revision = None\n\n\ndef upgrade():\n    pass\n'
    config = project({"src/app/db/__init__.py": "", "src/app/db/versions/abc_init.py": revision})
    result = move(config, "db", "core.db")
    assert not (config.root / "src/app/db/versions/abc_init.py").exists()
    assert "src/app/db/__init__.py" in result.shims
    assert all("versions" not in shim for shim in result.shims)


# -- item 5: safe targets -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "extra", "message"),
    [
        ("plugins", "modules.auth.import", {}, "NEW 'modules.auth.import' is not a dotted module name ('import' is a Python keyword)"),
        ("plugins", "class.x", {}, "NEW 'class.x' is not a dotted module name"),
        ("plugins", "api.helper", {"src/app/api/__init__.py": "from .helpers import helper as helper\n"},
         "src/app/api/__init__.py already defines or imports 'helper'"),
    ],
)
def test_unsafe_targets_are_refused_with_nothing_written(project, old, new, extra, message):
    config = project(extra)
    before = snapshot(config.root)
    with pytest.raises(UsageError) as info:
        move(config, old, new)
    assert message in str(info.value)
    assert snapshot(config.root) == before


def test_a_leftover_pycache_is_not_an_existing_target(project):
    config = project({"src/app/shared/plugins/__pycache__/x.cpython-311.pyc": ""})
    move(config, "plugins", "shared.plugins")
    assert (config.root / "src/app/shared/plugins/ws_adapter.py").is_file()


def test_target_through_a_symlink_outside_the_package_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    config = project()
    (config.root / "src/app/elsewhere").symlink_to(outside, target_is_directory=True)
    with pytest.raises(MoveRefused, match="outside the package"):
        move(config, "plugins", "elsewhere.plugins")
    assert list(outside.iterdir()) == []


def test_dirty_files_are_refused_unless_allowed(project, capsys):
    config = project({H: "from app.plugins import ws_adapter\n"})
    commit_all(config.root)
    (config.root / H).write_text("from app.plugins import ws_adapter\nX = 1\n")
    before = snapshot(config.root)
    assert main(["move", "plugins", "shared.plugins", "--project", str(config.root)]) == 2
    err = capsys.readouterr().err
    assert "src/app/api/health.py" in err and "--allow-dirty" in err
    assert snapshot(config.root) == before
    assert main(["move", "plugins", "shared.plugins", "--allow-dirty", "--project", str(config.root)]) == 0


def test_api_callers_like_the_driver_chain_moves_on_an_uncommitted_tree(project):
    config = project({H: "from app.api import helpers\nfrom app.plugins import ws_adapter\n"})
    commit_all(config.root)
    move(config, "plugins", "shared.plugins")  # leaves health.py changed, uncommitted
    move(config, "api.helpers", "shared.helpers")  # a second action of the same task
    assert (config.root / H).read_text() == (
        "from app.shared import helpers\nfrom app.shared.plugins import ws_adapter\n"
    )


# -- item 6: style, grammar, after-commands, locations ---------------------------------------
def test_rewritten_imports_stay_sorted_and_wrapped_at_the_project_line_length(project):
    pyproject = (
        '[project]\nname = "app"\nversion = "0"\n\n[tool.ruff]\nline-length = 60\n\n'
        '[tool.refactor-tools]\npackage = "app"\nsource = "src"\n'
    )
    source = (
        "import os\n\nfrom app.config import Settings\nfrom app.plugins.ws_adapter import Adapter, main\n"
        "from app.zeta import z\n\nX = os, Settings, Adapter, main, z\n"
    )
    config = project({"pyproject.toml": pyproject, H: source, "src/app/zeta.py": "z = 1\n"})
    move(config, "plugins", "aaa.plugins")
    assert (config.root / H).read_text() == (
        "import os\n\nfrom app.aaa.plugins.ws_adapter import Adapter, main\nfrom app.config import Settings\n"
        "from app.zeta import z\n\nX = os, Settings, Adapter, main, z\n"
    )


def test_the_projects_grammar_is_used_not_the_running_one(project):
    newer = "type Pair = tuple[int, int]\n\nfrom app.plugins import ws_adapter\n\n\ndef first[T](xs: list[T]) -> T:\n    return xs[0]\n"
    pyproject = '[project]\nname = "app"\nversion = "0"\nrequires-python = ">=3.12"\n\n[tool.refactor-tools]\npackage = "app"\nsource = "src"\n'
    config = project({"pyproject.toml": pyproject, H: newer})
    move(config, "plugins", "shared.plugins")
    assert (config.root / H).read_text() == newer.replace("app.plugins", "app.shared.plugins")


def test_after_commands_run_on_the_changed_files(project):
    mark = "import pathlib, sys\nfor f in sys.argv[1:]:\n    p = pathlib.Path(f)\n    p.write_text(p.read_text() + '# after\\n')\n"
    pyproject = (
        '[project]\nname = "app"\nversion = "0"\n\n[tool.refactor-tools]\npackage = "app"\nsource = "src"\n\n'
        f"[tool.refactor-tools.codemods]\nafter = ['{sys.executable} mark.py {{files}}']\n"
    )
    config = project({"pyproject.toml": pyproject, "mark.py": mark, H: "from app.plugins import ws_adapter\n"})
    move(config, "plugins", "shared.plugins")
    assert (config.root / H).read_text() == "from app.shared.plugins import ws_adapter\n# after\n"
    assert not (config.root / "src/app/config.py").read_text().endswith("# after\n")


def test_after_commands_find_the_tools_installed_beside_the_harness(project, monkeypatch):
    # A harness run as `.venv/bin/refactor-tools` (venv not activated): `ruff` is not on PATH,
    # yet the hook must run the ruff installed with this interpreter.
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    pyproject = (
        '[project]\nname = "app"\nversion = "0"\n\n[tool.refactor-tools]\npackage = "app"\nsource = "src"\n\n'
        '[tool.refactor-tools.codemods]\nafter = ["ruff format --no-cache {files}"]\n'
    )
    config = project({"pyproject.toml": pyproject, H: "from app.plugins import ws_adapter\nX = {'a':1}\n"})
    move(config, "plugins", "shared.plugins")
    assert (config.root / H).read_text() == 'from app.shared.plugins import ws_adapter\n\nX = {"a": 1}\n'


def test_a_failing_after_command_restores_the_tree(project):
    pyproject = (
        '[project]\nname = "app"\nversion = "0"\n\n[tool.refactor-tools]\npackage = "app"\nsource = "src"\n\n'
        '[tool.refactor-tools.codemods]\nafter = ["false {files}"]\n'
    )
    config = project({"pyproject.toml": pyproject, H: "from app.plugins import ws_adapter\n"})
    before = snapshot(config.root)
    with pytest.raises(Exception, match="false"):
        move(config, "plugins", "shared.plugins")
    assert snapshot(config.root) == before


def test_notes_in_a_moved_file_name_its_new_path(project):
    config = project({"src/app/plugins/notes.py": '"""See app.plugins.ws_adapter."""\n'})
    result = move(config, "plugins", "shared.plugins")
    assert [r.where for r in result.references] == ["src/app/shared/plugins/notes.py:1"]


# -- item 7: dry run lists what it leaves ------------------------------------------------------
def test_dry_run_text_lists_what_is_left_for_the_user(project, capsys):
    config = project({H: 'import app.plugins\n\nHELP = "see app.plugins for adapters"\n', "docs/x.md": "app.plugins\n"})
    assert main(["move", "plugins", "shared.plugins", "--dry-run", "--project", str(config.root)]) == 0
    captured = capsys.readouterr()
    assert "+import app.shared.plugins" in captured.out
    assert "left for you" in captured.err
    assert "src/app/api/health.py:3: string mentions the old path" in captured.err
    assert "docs/x.md:1: documentation mentions the old path" in captured.err
    assert remove_shims(config).noop


# -- #17 item 3: all or nothing ------------------------------------------------------------------
def test_a_move_into_a_shim_package_is_refused(project):
    config = project()
    move(config, "plugins", "shared.plugins")
    before = snapshot(config.root)
    with pytest.raises(MoveRefused, match="'app.plugins', which is a shim left by an earlier move"):
        move(config, "api.helpers", "plugins.helpers")
    with pytest.raises(MoveRefused, match="which is a shim"):
        move(config, "config:Settings", "plugins.settings")
    assert snapshot(config.root) == before


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_an_interruption_while_writing_restores_the_tree_and_says_what(project, monkeypatch, how):
    import signal

    from refactor_tools.codemods import transaction

    files = {f"src/app/m{i}.py": "from app.plugins import ws_adapter\n" for i in range(4)}
    config = project(files)
    before = snapshot(config.root)
    real = transaction.write_atomic
    calls = []

    def flaky(path, text, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            if how == "ctrl-c":
                raise KeyboardInterrupt
            os.kill(os.getpid(), signal.SIGTERM)
        return real(path, text, **kwargs)

    monkeypatch.setattr(transaction, "write_atomic", flaky)
    with pytest.raises(transaction.ApplyInterrupted) as info:
        move(config, "plugins", "shared.plugins")
    assert info.value.exit_code == 130
    message = str(info.value)
    assert ("Ctrl-C" if how == "ctrl-c" else "SIGTERM") in message
    assert "restored" in message and "src/app/m0.py" in message
    assert snapshot(config.root) == before
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
