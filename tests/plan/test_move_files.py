"""The move-files codemod moves test files with git and keeps pytest finding them."""

from pathlib import Path

import git
import pytest

from refactor_tools.errors import UsageError
from refactor_tools.codemods.move_files import move_files


def make_repo(tmp_path: Path) -> git.Repo:
    repo = git.Repo.init(tmp_path)
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Test")
        cfg.set_value("user", "email", "test@example.invalid")
    (tmp_path / "pyproject.toml").write_text('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n')
    (tmp_path / "src/pkg/modules/a").mkdir(parents=True)
    (tmp_path / "src/pkg/__init__.py").write_text("")
    (tmp_path / "src/pkg/modules/__init__.py").write_text("")
    (tmp_path / "src/pkg/modules/a/__init__.py").write_text("")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests/test_a.py").write_text("def test_a():\n    pass\n")
    (tmp_path / "tests/test_b.py").write_text("def test_b():\n    pass\n")
    repo.git.add(A=True)
    repo.index.commit("init")
    return repo


def test_moves_with_git_creates_packages_and_testpaths(tmp_path: Path):
    repo = make_repo(tmp_path)
    result = move_files(tmp_path, {"tests/test_a.py": "src/pkg/modules/a/tests/test_a.py"})
    assert result.created == ("src/pkg/modules/a/tests/__init__.py",)
    assert result.testpaths_added == ("src",)
    assert (tmp_path / "src/pkg/modules/a/tests/test_a.py").read_text() == "def test_a():\n    pass\n"
    assert not (tmp_path / "tests/test_a.py").exists()
    assert 'testpaths = ["tests", "src"]' in (tmp_path / "pyproject.toml").read_text()
    staged = repo.git.diff("--cached", "--name-status").splitlines()
    assert any(line.startswith("R") and "test_a.py" in line for line in staged)


def test_dry_run_changes_nothing(tmp_path: Path):
    make_repo(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and ".git" not in p.parts}
    result = move_files(tmp_path, {"tests/test_b.py": "src/pkg/tests/test_b.py"}, dry_run=True)
    assert result.moved == (("tests/test_b.py", "src/pkg/tests/test_b.py"),)
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert before == after


def test_missing_source_and_existing_target_are_refused(tmp_path: Path):
    make_repo(tmp_path)
    with pytest.raises(UsageError, match="tests/nope.py: no such file"):
        move_files(tmp_path, {"tests/nope.py": "src/pkg/x.py"})
    with pytest.raises(UsageError, match="tests/test_b.py: target exists"):
        move_files(tmp_path, {"tests/test_a.py": "tests/test_b.py"})


def test_a_target_outside_the_repository_is_refused_before_anything_moves(tmp_path: Path):
    make_repo(tmp_path / "repo")
    (tmp_path / "outside").mkdir()
    (tmp_path / "repo/link").symlink_to(tmp_path / "outside")
    for target in ("../outside/test_a.py", "link/test_a.py"):
        with pytest.raises(UsageError, match="outside the repository"):
            move_files(tmp_path / "repo", {"tests/test_a.py": target})
    assert (tmp_path / "repo/tests/test_a.py").is_file()
    assert list((tmp_path / "outside").iterdir()) == []


def test_testpaths_written_as_a_multiline_list_keep_their_comments(tmp_path: Path):
    make_repo(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.pytest.ini_options]\n"
        "# where the suites live\n"
        "testpaths = [\n"
        '    "tests",  # the old suite\n'
        "]\n"
        'addopts = "-q"\n'
    )
    result = move_files(tmp_path, {"tests/test_a.py": "src/pkg/modules/a/tests/test_a.py"})
    assert result.testpaths_added == ("src",)
    text = (tmp_path / "pyproject.toml").read_text()
    assert "# where the suites live" in text and "# the old suite" in text and 'addopts = "-q"' in text
    import tomllib

    assert tomllib.loads(text)["tool"]["pytest"]["ini_options"]["testpaths"] == ["tests", "src"]
