"""Tables take the terminal's width: nothing wider than 80 columns on an 80-column terminal."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from refactor_tools.cli import main

REPO = Path(__file__).resolve().parents[2]


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


@pytest.mark.parametrize("columns", [80, 120])
def test_status_table_fits_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "examples" / "legacy_monolith", project)
    shutil.copytree(REPO / "plans", project / "plans")
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["status", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Pre-migration validation" in out
    assert _widest(out) <= columns


def _phase(number: int) -> SimpleNamespace:
    gates = (
        SimpleNamespace(name="tests", summary="68 passed (legacy) · 68 passed (factory)"),
        SimpleNamespace(name="specs", summary="identical to pre-modular-baseline"),
        SimpleNamespace(name="boundaries", summary="0 new, 0 stale"),
    )
    task = SimpleNamespace(gates=gates, commit="0123456789abcdef0123456789abcdef01234567")
    return SimpleNamespace(phase=f"phase-{number}", title="Infrastructure", status="done", tasks=(task,),
                           duration=12.5, exit_code=0, message="", failure=())


@pytest.mark.parametrize("columns", [80, 200])
def test_demo_summary_table_fits_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    from refactor_tools.cli import demo as demo_cli

    result = SimpleNamespace(
        workdir=tmp_path / "refactor-tools-demo-abcdefgh", phases=[_phase(n) for n in range(10)],
        module_suites=(), shims_left=(), problems=(), duration=95.0, ok=True, stopped_after=None,
        setup=("created .env from .env.example (the env-file; never committed)",),
        modules_without_tests=("auth", "items", "users", "utils"), final_seconds=0.5,
    )
    monkeypatch.setenv("COLUMNS", str(columns))
    demo_cli._print_summary(result)
    out = capsys.readouterr().out
    assert "phase-9" in out and "migrated" in out
    assert _widest(out) <= columns


def test_brackets_in_data_stay_literal(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from refactor_tools.driver.live import LiveReporter

    monkeypatch.setenv("COLUMNS", "120")
    task = SimpleNamespace(number=3, title="Set [tool.refactor-tools.app]")
    reporter = LiveReporter(Console(stderr=True, highlight=False))
    reporter.step_done(task, "action scaffold", False, "[values]: template 'x' needs value(s) package")
    err = capsys.readouterr().err
    assert "3. Set [tool.refactor-tools.app] — action scaffold: [values]: template 'x'" in err
