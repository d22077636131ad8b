"""`demo --until`: a phase the plan does not have is a usage error naming the known ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_tools.cli import main


def test_unknown_until_phase_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--workdir", str(tmp_path / "demo"), "--until", "phase-99"]) == 2
    err = capsys.readouterr().err
    assert "unknown phase 'phase-99' for --until" in err
    assert "known phases: phase-0, phase-1, phase-2" in err
