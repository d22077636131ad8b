"""The CLI entry point exists and maps usage errors to exit code 2."""

from refactor_tools.cli import main


def test_help_exits_zero(capsys):
    assert main(["--help"]) == 0
    assert "refactor-tools" in capsys.readouterr().out


def test_unknown_command_is_usage_error(capsys):
    assert main(["no-such-command"]) == 2
    assert "no-such-command" in capsys.readouterr().err
