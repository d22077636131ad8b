"""`check-boundaries` runs without Typer when its options are plain, with the same output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from refactor_tools.cli.fast import parse_check_boundaries


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--format", "json"],
        ["--format=github", "--max-details", "1"],
        ["-f", "sarif", "--no-cache"],
        ["--no-baseline"],
        ["--max-details=0", "--format", "text"],
    ],
)
def test_plain_options_give_the_same_output_as_typer(project, capsys, args):
    from refactor_tools.cli import app, fast

    root = project("siblings")
    options = parse_check_boundaries(["--project", str(root), *args])
    assert options is not None
    capsys.readouterr()
    code = fast.run_check_boundaries(**options)
    fast_out = capsys.readouterr().out
    typer_code = app(args=["check-boundaries", "--project", str(root), *args], standalone_mode=False)
    assert (code, fast_out) == (typer_code, capsys.readouterr().out)
    assert code == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        ["--format", "xml"],
        ["--max-details", "-1"],
        ["--max-details", "many"],
        ["--project"],
        ["--unknown"],
        ["extra"],
        ["--prune=yes"],
        ["-fjson"],
    ],
)
def test_anything_else_is_left_to_typer(args):
    assert parse_check_boundaries(args) is None


def test_parsed_values(tmp_path):
    options = parse_check_boundaries(["--project", str(tmp_path), "--update-baseline", "--allow-growth", "-f", "json"])
    assert options == {
        "project": tmp_path,
        "fmt": "json",
        "max_details": 200,
        "no_baseline": False,
        "update_baseline": True,
        "prune": False,
        "allow_growth": True,
        "no_cache": False,
    }


def test_the_command_does_not_import_typer(project):
    root = project("siblings")
    code = (
        "import sys\n"
        "from refactor_tools.cli import main\n"
        f"code = main(['check-boundaries', '--project', {str(root)!r}, '--format', 'json'])\n"
        "print('typer' in sys.modules, 'pydantic' in sys.modules, code, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "False False 1"
    assert '"importer": "shop.modules.alpha.api"' in done.stdout
