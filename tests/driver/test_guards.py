"""Refusals that need no test run: a live run, a racing start, a tag on another commit."""

from __future__ import annotations

import hashlib
import os

import pytest

from refactor_tools.driver import journal
from refactor_tools.adapters.git import Git
from refactor_tools.adapters.process import process_start_ticks
from refactor_tools.errors import UsageError


def test_a_live_run_is_not_undone(project, cli):
    tiny = project()
    git = Git(tiny.root)
    live = journal.Journal(phase="phase-0", commit=git.head(), pid=os.getppid(), started="2026-01-01T00:00:00+00:00",
                      pid_start=process_start_ticks(os.getppid()))
    journal.write_journal(tiny.root, live)
    tiny.write("src/tinyapp/wip.py", "X = 1\n")  # the other run's work in progress
    code, _, err = cli("run", "phase-0", "--project", str(tiny.root))
    assert code == 2
    assert f"another run (phase-0, pid {os.getppid()}, started 2026-01-01T00:00:00+00:00) is in progress" in err
    assert (tiny.root / "src/tinyapp/wip.py").exists() and (tiny.root / journal.JOURNAL).exists()


def test_a_reused_pid_counts_as_dead(project, cli):
    tiny = project()
    git = Git(tiny.root)
    start = git.head()
    leftover = "src/tinyapp/leftover.py"  # written by the dead run, as its journal says
    stale = journal.Journal(phase="phase-0", commit=start, pid=os.getppid(), started="2026-01-01T00:00:00+00:00",
                            pid_start=-1, created=[leftover],  # the pid now names another process
                            written={leftover: [hashlib.sha256(b"X = 1\n").hexdigest()]})
    journal.write_journal(tiny.root, stale)
    tiny.write(leftover, "X = 1\n")
    code, _, err = cli("complete", "1", "--project", str(tiny.root))
    assert code == 0
    assert not (tiny.root / "src/tinyapp/leftover.py").exists()
    assert not (tiny.root / journal.JOURNAL).exists()


def test_journal_creation_is_exclusive(project):
    tiny = project()
    git = Git(tiny.root)
    journal.write_journal(tiny.root, journal.new_journal(git, "phase-0"), exclusive=True)
    with pytest.raises(UsageError, match="another run started meanwhile"):
        journal.write_journal(tiny.root, journal.new_journal(git, "phase-1"), exclusive=True)
    assert journal.read_journal(tiny.root).phase == "phase-0"
    assert sorted(p.name for p in (tiny.root / ".refactor-tools").iterdir()) == ["run.json"]


def test_baseline_tag_on_another_commit_is_refused(project, cli):
    tiny = project()
    tiny.repo.create_tag("tiny-baseline")
    tiny.write("src/tinyapp/later.py", "X = 1\n")
    head = tiny.commit_all("later work")
    code, _, err = cli("baseline", "--project", str(tiny.root))
    assert code == 2
    assert "tag 'tiny-baseline' already names commit" in err and f"not HEAD ({head[:7]})" in err
    assert "Hint: pass --tag NAME for a new baseline, or delete the old tag" in err
    assert tiny.head() == head


def test_unknown_phase_and_task_list_the_known_ones(project, cli):
    tiny = project()
    code, _, err = cli("run", "phase-7", "--project", str(tiny.root))
    assert code == 2 and "unknown phase 'phase-7'" in err and "known phases: phase-0, phase-1" in err
    code, _, err = cli("complete", "nope", "--project", str(tiny.root))
    assert code == 2 and "unknown task 'nope'" in err and "1:baseline" in err
    code, _, err = cli("run", "--project", str(tiny.root))
    assert code == 2 and "give exactly one of PHASE or --all" in err


def test_app_sources_setting_is_checked(project):
    from refactor_tools.config import load_config
    from refactor_tools.driver.gatecfg import gate_settings
    from refactor_tools.driver.gates import factory_available
    from refactor_tools.errors import ConfigError

    tiny = project()
    text = tiny.read("pyproject.toml")
    tiny.write("pyproject.toml", text + '\n[tool.refactor-tools.app]\nfactory = "tinyapp.factory:create_app"\n')
    config = load_config(tiny.root)
    assert factory_available(config) is False
    tiny.write("src/tinyapp/factory.py", "def create_app():\n    pass\n")
    assert factory_available(config) is True
    assert gate_settings(config).app_sources == ("legacy", "factory")
    tiny.write("pyproject.toml", tiny.read("pyproject.toml").replace(
        'pytest-args', 'app-sources = ["factory", "factory"]\npytest-args'))
    with pytest.raises(ConfigError, match=r"\[tool.refactor-tools.driver.app-sources\]: 'app-sources' must list"):
        gate_settings(load_config(tiny.root))
