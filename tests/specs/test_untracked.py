"""copy-untracked, failure hints that match their cause, documents never produced, timeouts."""

from __future__ import annotations

import json
import shutil
import textwrap
import time
from pathlib import Path

import pytest

from refactor_tools.cli import main
from refactor_tools.config import load_config
from refactor_tools.specs import diff_specs
from refactor_tools.specs.diagnose import FailureContext, diagnose

ASSET = Path(__file__).resolve().parents[1] / "assets" / "specs" / "untracked_settings"


@pytest.fixture
def settings_project(tmp_path: Path, monkeypatch) -> Path:
    """The untracked_settings asset committed and tagged `v1`, with an uncommitted `.env`."""
    import git

    for name in ("SECRET_KEY", "API_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "settings_app"
    shutil.copytree(ASSET, root)
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Specs Test")
        cfg.set_value("user", "email", "specs@example.invalid")
    repo.git.add("-A")
    repo.index.commit("settings app")
    repo.create_tag("v1")
    (root / ".env").write_text("SECRET_KEY=s3cr3t\nAPI_PREFIX=/api\n", encoding="utf-8")
    return root


def _specs_table(root: Path, lines: str) -> None:
    path = root / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8") + lines, encoding="utf-8")


def _run(root: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["diff-specs", "--project", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_without_copy_untracked_the_hint_names_the_setting_and_the_env_options(settings_project, capsys):
    code, _, err = _run(settings_project, capsys)
    assert code == 3
    assert "could not generate the documents of baseline v1" in err
    assert "missing setting: SECRET_KEY" in err
    hint = err.split("Hint: ", 1)[1]
    for option in ("[tool.refactor-tools.specs] env", "env-file", "copy-untracked"):
        assert option in hint
    assert "sys.path" not in hint


def test_copy_untracked_copies_the_env_file_into_the_baseline_worktree(settings_project, capsys):
    _specs_table(settings_project, 'copy-untracked = [".env"]\n')
    code, out, err = _run(settings_project, capsys, "--format", "json")
    assert (code, json.loads(out)["verdict"]) == (0, "identical"), err
    assert _run(settings_project, capsys, "--format", "json")[2].startswith("baseline documents of")

    # The copied file is part of the cache key: a new value regenerates the baseline.
    (settings_project / ".env").write_text("SECRET_KEY=s3cr3t\nAPI_PREFIX=/v2\n", encoding="utf-8")
    diff = diff_specs(load_config(settings_project))
    assert (diff.cached, diff.verdict) == (False, "identical")


def test_a_file_the_baseline_commits_keeps_the_baseline_version(settings_project, capsys):
    import git

    repo = git.Repo(settings_project)
    (settings_project / ".gitignore").write_text(".refactor-tools/\n__pycache__/\n", encoding="utf-8")
    repo.git.add("-A")
    repo.index.commit("commit the settings file")
    repo.create_tag("v2")
    (settings_project / ".env").write_text("SECRET_KEY=s3cr3t\nAPI_PREFIX=/changed\n", encoding="utf-8")
    _specs_table(settings_project, 'copy-untracked = [".env"]\n')
    code, out, _ = _run(settings_project, capsys, "--baseline", "v2", "--format", "json")
    findings = {(f["rule"], f["location"]) for f in json.loads(out)["findings"]}
    assert code == 1
    assert ("path-removed", "/paths/~1api~1items") in findings


def test_a_named_file_missing_from_the_working_tree_is_said_in_the_hint(settings_project, capsys):
    (settings_project / ".env").unlink()
    _specs_table(settings_project, 'copy-untracked = [".env"]\n')
    code, _, err = _run(settings_project, capsys)
    assert code == 3
    assert "copy-untracked names '.env' but the working tree has no such file" in err


@pytest.mark.parametrize("entry", ["../outside.env", "/etc/hostname", "sub/../../outside.env"])
def test_paths_outside_the_project_are_refused(settings_project, capsys, entry):
    _specs_table(settings_project, f'copy-untracked = ["{entry}"]\n')
    code, _, err = _run(settings_project, capsys)
    assert code == 2
    assert repr(entry) in err


def test_a_symlink_escaping_the_project_is_refused(settings_project, tmp_path, capsys):
    outside = tmp_path / "outside.env"
    outside.write_text("SECRET_KEY=stolen\n", encoding="utf-8")
    (settings_project / ".env").unlink()
    (settings_project / ".env").symlink_to(outside)
    _specs_table(settings_project, 'copy-untracked = [".env"]\n')
    code, _, err = _run(settings_project, capsys)
    assert code == 2
    assert "copy-untracked entry '.env' resolves to" in err and "outside the repository" in err


def test_a_folder_is_refused(settings_project, capsys):
    (settings_project / "conf").mkdir()
    _specs_table(settings_project, 'copy-untracked = ["conf"]\n')
    code, _, err = _run(settings_project, capsys)
    assert (code, "copy-untracked 'conf' is a folder" in err) == (2, True)


def test_a_keyerror_on_os_environ_names_the_variable(project, capsys, monkeypatch):
    monkeypatch.delenv("SPECS_TEST_TOKEN", raising=False)
    project.write_main(extra_imports="import os\nTOKEN = os.environ['SPECS_TEST_TOKEN']")
    code, _, err = _run(project.root, capsys)
    assert code == 3
    assert "could not generate the documents of the working tree" in err
    assert "missing setting: SPECS_TEST_TOKEN" in err
    assert 'env = { SPECS_TEST_TOKEN = "..." }' in err


def test_an_import_error_names_sys_path_and_the_source_key(project, capsys):
    project.write_main(extra_imports="import specs_missing_dependency_xyz")
    code, _, err = _run(project.root, capsys)
    assert code == 3
    assert "ModuleNotFoundError: No module named 'specs_missing_dependency_xyz'" in err
    hint = err.split("Hint: ", 1)[1]
    assert "sys.path" in hint and "source key" in hint
    assert "copy-untracked" not in hint


@pytest.mark.parametrize(("code_line", "message"), [
    ("import os\nos._exit(0)", "exited 0 without producing a document"),
    ("import sys\nsys.exit(0)", "called sys.exit(0)"),
])
def test_an_app_that_ends_the_process_on_import_exits_3(project, capsys, code_line, message):
    project.write_main(extra_imports=code_line)
    code, _, err = _run(project.root, capsys)
    assert code == 3
    assert message in err
    assert "Traceback" not in err.split("the subprocess said", 1)[0]


def test_timeout_kills_the_generators_process_group(project, capsys, tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    project.write_main(extra_imports=textwrap.dedent(f"""\
        import subprocess, time
        child = subprocess.Popen(["sleep", "120"])
        open({str(pid_file)!r}, "w").write(str(child.pid))
        time.sleep(120)
    """))
    path = project.root / "pyproject.toml"
    path.write_text(path.read_text() + "timeout = 1\n", encoding="utf-8")
    started = time.monotonic()
    code, _, err = _run(project.root, capsys)
    assert code == 3
    assert "took over 1 s; its process group was killed" in err
    assert "[tool.refactor-tools.specs] timeout" in err
    assert time.monotonic() - started < 60
    from refactor_tools.adapters.process import pid_alive

    assert not pid_alive(int(pid_file.read_text()))  # a zombie not yet reaped counts as gone


def test_a_bad_timeout_is_a_config_error(project, capsys):
    path = project.root / "pyproject.toml"
    path.write_text(path.read_text() + 'timeout = "soon"\n', encoding="utf-8")
    code, _, err = _run(project.root, capsys)
    assert code == 2
    assert "'timeout' must be a number of seconds >= 0 (0 = no limit), got 'soon'" in err


def test_diagnose_reads_pydantic_settings_errors():
    stderr = textwrap.dedent("""\
        pydantic_core._pydantic_core.ValidationError: 2 validation errors for Settings
        SECRET_KEY
          Field required [type=missing, input_value={}, input_type=dict]
        FIRST_SUPERUSER
          Field required [type=missing, input_value={}, input_type=dict]
    """)
    context = FailureContext(label="baseline v1", source="src", tree="/t", baseline=True,
                             copied=(".env",))
    found = diagnose(stderr, context)
    assert found.cause == "missing settings: FIRST_SUPERUSER, SECRET_KEY"
    assert "copy-untracked" not in found.hint  # the file was copied: the setting is not in it


def test_a_baseline_ref_whose_app_exits_0_on_import_exits_3(project, capsys):
    project.write_main(extra_imports="import os\nos._exit(0)")
    project.commit("exits on import", tag="exits")
    project.write_main()
    code, _, err = _run(project.root, capsys, "--baseline", "exits")
    assert code == 3
    assert "generating the documents of baseline exits" in err
    assert "exited 0 without producing a document" in err
    assert len(project.worktrees()) == 1


def test_a_run_killed_with_sigkill_leaves_nothing_that_the_next_run_keeps(project, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import tempfile

    from refactor_tools.adapters.process import pid_alive

    pid_file = tmp_path / "generator.pid"
    project.write_main(extra_imports=textwrap.dedent(f"""\
        import os, time
        open({str(pid_file)!r}, "w").write(str(os.getpid()))
        time.sleep(120)
    """))
    project.commit("slow to import", tag="slow")
    project.write_main()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    cli = subprocess.Popen([sys.executable, "-m", "refactor_tools", "diff-specs", "--project",
                            str(project.root), "--baseline", "slow"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline and cli.poll() is None
        time.sleep(0.05)
    generator = int(pid_file.read_text())
    assert len(project.worktrees()) == 2
    os.kill(cli.pid, signal.SIGKILL)
    cli.wait()
    deadline = time.monotonic() + 10
    while pid_alive(generator):  # the killed CLI's watchdog ends the generator's group
        assert time.monotonic() < deadline, "the generation subprocess outlived the killed CLI"
        time.sleep(0.05)
    leftovers = list(Path(tempfile.gettempdir()).glob(f"refactor-tools-*{cli.pid}-*"))
    assert leftovers  # the killed run could not clean up: its worktree and output file stay

    project.write_main(extra_imports="")
    project.commit("fast again", tag="fast")
    assert main(["diff-specs", "--project", str(project.root), "--baseline", "fast"]) == 0
    assert not [p for p in leftovers if p.exists()]
    assert len(project.worktrees()) == 1
