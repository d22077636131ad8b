"""CLI conventions of every command: version, -h, examples, exit codes, Enum formats, widths."""

from __future__ import annotations

import importlib.metadata
import inspect
import shlex
import typing
from enum import Enum

import pytest
import typer

from refactor_tools.cli import app, help_text, main
from refactor_tools.cli.options import BoundariesFormat, FailOn, GraphFormat, SpecDiffFormat, TextJson

GROUP = typer.main.get_command(app)
COMMANDS = sorted(GROUP.commands)


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main([*args]) == 0
    return capsys.readouterr().out


@pytest.fixture(autouse=True)
def _eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def test_every_area_registered_its_commands() -> None:
    assert {"check-boundaries", "move", "remove-shims", "export-specs", "diff-specs", "baseline",
            "run", "status", "complete", "demo", "version"} <= set(COMMANDS)


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flag_prints_the_distribution_version(capsys: pytest.CaptureFixture[str], flag: str) -> None:
    assert main([flag]) == 0
    assert capsys.readouterr().out == f"refactor-tools {importlib.metadata.version('refactor-tools')}\n"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_short_help_flag_equals_long(capsys: pytest.CaptureFixture[str], command: str | None) -> None:
    args = [command] if command else []
    assert _help(capsys, *args, "-h") == _help(capsys, *args, "--help")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_examples_and_exit_codes(capsys: pytest.CaptureFixture[str], command: str) -> None:
    assert command in help_text.EXAMPLES, (
        f"add an example for {command!r} to EXAMPLES in refactor_tools/cli/help_text.py"
    )
    out = _help(capsys, command, "-h")
    examples = out.index("\n  Examples:\n")
    codes = out.index("\n  Exit codes:\n")
    assert examples < codes
    for line in help_text.EXAMPLES[command]:
        assert f"    {line}\n" in out
    assert "\n    0 " in out[codes:] and "\n    2 " in out[codes:] or command == "version"


@pytest.mark.parametrize(
    ("command", "example"),
    [(name, line) for name in COMMANDS for line in help_text.EXAMPLES.get(name, ())],
)
def test_every_example_parses(command: str, example: str) -> None:
    words = shlex.split(example, comments=True)
    assert words[:2] == ["refactor-tools", command]
    # Parsing only: make_context checks options, choices and arguments without running.
    GROUP.commands[command].make_context(command, words[2:], parent=GROUP.make_context("refactor-tools", [command]))


def test_root_help_shows_brackets_examples_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    out = _help(capsys, "-h")
    assert "[tool.refactor-tools]" in out
    assert "Examples:" in out and "Exit codes:" in out and "3 diff-specs, export-specs" in out


def test_option_help_keeps_brackets_literally(capsys: pytest.CaptureFixture[str]) -> None:
    out = _help(capsys, "baseline", "-h")
    assert "[tool.refactor-tools] baseline" in " ".join(out.split())


def _enum_of(annotation: object) -> type[Enum] | None:
    # Unwrap Annotated[...] and Optional[...] down to the class.
    if inspect.isclass(annotation) and issubclass(annotation, Enum):
        return annotation
    for inner in typing.get_args(annotation):
        found = _enum_of(inner)
        if found:
            return found
    return None


def _format_params() -> list[tuple[str, str, object]]:
    found = []
    for name in COMMANDS:
        command = GROUP.commands[name]
        hints = typing.get_type_hints(command.callback, include_extras=True)
        for param in command.params:
            if "--format" in getattr(param, "opts", ()) or "--fail-on" in getattr(param, "opts", ()):
                found.append((name, param.name, hints[param.name]))
    return found


def test_every_format_option_is_an_enum() -> None:
    params = _format_params()
    assert len(params) >= 10  # every reporting command has --format
    offenders = [(name, option) for name, option, hint in params if _enum_of(hint) is None]
    assert offenders == []


def test_enums_list_exactly_what_the_renderers_accept() -> None:
    from refactor_tools.boundaries import FORMATS as BOUNDARY_FORMATS
    from refactor_tools.cli.fast_specs import FAIL_ON_CHOICES, FORMAT_CHOICES

    assert tuple(f.value for f in BoundariesFormat) == tuple(BOUNDARY_FORMATS)
    assert tuple(f.value for f in SpecDiffFormat) == FORMAT_CHOICES
    assert tuple(f.value for f in FailOn) == FAIL_ON_CHOICES
    assert [f.value for f in TextJson] == ["text", "json"]
    from refactor_tools.graph import FORMATS as GRAPH_FORMATS

    assert tuple(f.value for f in GraphFormat) == tuple(GRAPH_FORMATS)


def test_a_bad_format_is_a_usage_error_naming_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-boundaries", "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert "'xml'" in err and "'sarif'" in err


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_fits_80_columns(capsys: pytest.CaptureFixture[str], command: str | None) -> None:
    out = _help(capsys, *([command] if command else []), "-h")
    assert max(len(line) for line in out.splitlines()) <= 80
