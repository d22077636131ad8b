"""Bad gate configuration is a ConfigError (exit 2) naming the file, the key and the value."""

from __future__ import annotations

import pytest

from refactor_tools.config import load_config
from refactor_tools.driver.gatecfg import DEFAULT_TIMEOUT, gate_settings
from refactor_tools.errors import ConfigError


def test_defaults(notes):
    settings = gate_settings(load_config(notes().root))
    assert settings.pytest_args == () and settings.timeout == DEFAULT_TIMEOUT == 1800
    assert settings.workers == "project" and settings.skip_unchanged and not settings.commit_hooks
    assert settings.overlap_specs
    assert [(c.name, c.run, c.timeout) for c in settings.commands] == [("ruff", "gate", 1800)]
    assert settings.env == {"NOTES_DB": "notes.db", "NOTES_MODE": "test"}
    assert settings.coverage_tolerance is None


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[tool.refactor-tools.driver]\ntimeout = -1\n", "[tool.refactor-tools.driver.timeout]: 'timeout' must be a number of seconds (0 = no limit), got -1"),
        ("[tool.refactor-tools.driver]\npytest-args = \"-x\"\n", "'pytest-args' must be a list of strings, got '-x'"),
        ("[tool.refactor-tools.driver]\nworkers = \"many\"\n", "'workers' must be \"project\", \"auto\" or a number >= 0, got 'many'"),
        ("[tool.refactor-tools.driver]\ncommit-hooks = \"yes\"\n", "'commit-hooks' must be true or false, got 'yes'"),
        ("[tool.refactor-tools.driver]\noverlap-specs = 1\n", "[tool.refactor-tools.driver.overlap-specs]: 'overlap-specs' must be true or false, got 1"),
        ("[[tool.refactor-tools.gates.commands]]\nname = \"ruff\"\ncommand = \"x\"\n",
         "[tool.refactor-tools.gates.commands[1].name]: command gate name 'ruff' is used twice"),
        ("[[tool.refactor-tools.gates.commands]]\nname = \"m\"\ncommand = \"mypy\"\nrun = \"after\"\n",
         "[tool.refactor-tools.gates.commands[1].run]: expected one of 'before-tests', 'with-tests', 'gate', got 'after'"),
        ("[[tool.refactor-tools.gates.commands]]\nname = \"m\"\ncmd = \"mypy\"\n",
         "[tool.refactor-tools.gates.commands[1].cmd]: unknown key 'cmd'"),
        ("[tool.refactor-tools.gates.coverage]\ntolerance = \"1%\"\n",
         "[tool.refactor-tools.gates.coverage.tolerance]: expected percentage points between 0 and 100, got '1%'"),
    ],
)
def test_bad_keys(notes, toml, message):
    project = notes()
    project.write("pyproject.toml", project.read("pyproject.toml") + "\n" + toml)
    with pytest.raises(ConfigError) as info:
        gate_settings(load_config(project.root))
    assert message in info.value.message and str(project.root / "pyproject.toml") in info.value.message
    assert info.value.exit_code == 2


def test_worker_count(notes, monkeypatch):
    from refactor_tools.driver import testgate

    project = notes()
    config = load_config(project.root)
    assert testgate.worker_args(config, gate_settings(config), 500.0) == []  # "project": never added
    project.set_table("[tool.refactor-tools.app]", '[tool.refactor-tools.driver]\nworkers = "auto"\n\n[tool.refactor-tools.app]')
    config = load_config(project.root)
    settings = gate_settings(config)
    monkeypatch.setattr(testgate.os, "cpu_count", lambda: 8)
    assert testgate.worker_args(config, settings, None) == ["-n", "0"]  # no history yet
    assert testgate.worker_args(config, settings, 3.0) == ["-n", "0"]  # a suite of seconds
    assert testgate.worker_args(config, settings, 90.0) == ["-n", "auto"]
    monkeypatch.setattr(testgate.os, "cpu_count", lambda: 2)
    assert testgate.worker_args(config, settings, 90.0) == ["-n", "0"]
    # The project's own configuration wins.
    project.set_table('addopts = "-ra"', 'addopts = "-ra -n 2"')
    assert testgate.worker_args(load_config(project.root), settings, 90.0) == []
    project.set_table('workers = "auto"', "workers = 3")
    project.set_table('addopts = "-ra -n 2"', 'addopts = "-ra"')
    config = load_config(project.root)
    assert testgate.worker_args(config, gate_settings(config), None) == ["-n", "3"]
