"""Golden files: every command's text and JSON output on the asset projects stays as it was.

Each scenario runs the CLI in a subprocess on a fresh copy of a project and compares exit code,
stdout and stderr with `tests/golden/outputs/<scenario>.txt`. Paths of the temporary copy,
commit hashes, dates and durations are replaced by placeholders first. To accept a deliberate
change, run with `REFACTOR_TOOLS_UPDATE_GOLDEN=1` and review the diff of the golden files.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import ASSETS, EXAMPLE, PLANS, GitProject, copy_project, run_cli

OUTPUTS = Path(__file__).resolve().parent / "outputs"
UPDATE = os.environ.get("REFACTOR_TOOLS_UPDATE_GOLDEN") == "1"
TINY = ASSETS / "driver" / "tiny"

_HASH = re.compile(r"\b[0-9a-f]{7,40}\b")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\+00:00)?)?\b")
_SECONDS = re.compile(r"\b\d+(\.\d+)?( ?s\b|s\))")
_PID = re.compile(r"pid \d+")
_TEMP = re.compile(r"refactor-tools-pytest-\w+")  # the gates' JUnit report folder
_JSON_SECONDS = re.compile(r'"seconds": \d+(\.\d+)?')


def normalise(text: str, root: Path) -> str:
    """Replace what differs between runs (temp paths, hashes, dates, durations, pids).

    Heartbeat lines of the live view (printed every 10 s while a step runs) depend on the
    machine's speed and are dropped.
    """
    text = "".join(line for line in text.splitlines(keepends=True) if "still running (" not in line)
    for form in {str(root.resolve()), str(root)}:
        text = text.replace(form, "<ROOT>")
    text = _HASH.sub("<HASH>", text)
    text = _DATE.sub("<DATE>", text)
    text = _PID.sub("pid <PID>", text)
    text = _TEMP.sub("refactor-tools-pytest-<TMP>", text)
    text = _JSON_SECONDS.sub('"seconds": <T>', text)
    return _SECONDS.sub("<T>s", text)


def check(name: str, root: Path, *args: str, cwd: Path | None = None) -> None:
    """Run the CLI and compare its normalised output with the golden file `name`."""
    proc = run_cli(cwd or root, *args)
    got = normalise(
        f"$ refactor-tools {' '.join(args)}\n[exit {proc.returncode}]\n"
        f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}\n",
        root,
    )
    path = OUTPUTS / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}; run with REFACTOR_TOOLS_UPDATE_GOLDEN=1"
    assert got == path.read_text(encoding="utf-8")


@pytest.fixture
def tiny(tmp_path: Path) -> GitProject:
    """The driver's tiny project, committed in a fresh repository."""
    return copy_project(TINY, tmp_path / "tiny")


@pytest.fixture
def legacy(tmp_path: Path) -> GitProject:
    """The legacy monolith with the plans, committed in a fresh repository (as the demo does)."""
    root = tmp_path / "legacy"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    shutil.copytree(PLANS, root / "plans")
    (root / ".gitignore").write_text("__pycache__/\n*.pyc\n.pytest_cache/\n.refactor-tools/\n", encoding="utf-8")
    return GitProject(root)


def test_driver_commands_on_the_tiny_project(tiny: GitProject) -> None:
    root = tiny.root
    check("tiny-status-text", root, "status")
    check("tiny-status-json", root, "status", "--format", "json")
    check("tiny-run-order-refused", root, "run", "phase-1")
    check("tiny-run-unknown-phase", root, "run", "phase-9")
    check("tiny-run-no-phase", root, "run")
    check("tiny-run-bad-format", root, "run", "phase-0", "--format", "xml")
    check("tiny-dry-run-all-text", root, "run", "--all", "--dry-run")
    check("tiny-dry-run-all-json", root, "run", "--all", "--dry-run", "--format", "json")
    check("tiny-run-phase0-json", root, "run", "phase-0", "--format", "json")
    check("tiny-run-phase0-again", root, "run", "phase-0")
    check("tiny-status-after-phase0", root, "status", "--verify")
    check("tiny-run-all-text", root, "run", "--all")
    check("tiny-status-verify-json", root, "status", "--verify", "--format", "json")
    check("tiny-run-all-nothing-left", root, "run", "--all")
    check("tiny-baseline-already-done", root, "baseline", "--format", "json")


def test_driver_failures_on_the_tiny_project(tiny: GitProject) -> None:
    root = tiny.root
    tiny.write("tests/test_broken.py", "def test_broken():\n    assert 1 == 2, 'deliberately broken'\n")
    tiny.commit_all("a failing test")
    check("tiny-baseline-failing-tests", root, "run", "phase-0")
    (root / "tests" / "test_broken.py").unlink()
    tiny.commit_all("fixed")
    tiny.write("dirty.txt", "uncommitted\n")
    check("tiny-dirty-tree", root, "run", "phase-0")


def test_commands_outside_a_repository(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    shutil.copytree(TINY, root)
    check("plain-run-not-a-repo", root, "run", "phase-0")
    check("plain-status", root, "status")
    empty = tmp_path / "empty"
    empty.mkdir()
    check("no-project-status", empty, "status")
    check("no-project-check-boundaries", empty, "check-boundaries")


def test_commands_on_the_legacy_monolith(legacy: GitProject) -> None:
    root = legacy.root
    check("legacy-status-json", root, "status", "--format", "json")
    check("legacy-check-boundaries-text", root, "check-boundaries")
    check("legacy-check-boundaries-json", root, "check-boundaries", "--format", "json")
    check("legacy-move-dry-run-text", root, "move", "trading_api.plugins", "trading_api.shared.plugins", "--dry-run")
    check("legacy-move-dry-run-json", root, "move", "trading_api.plugins", "trading_api.shared.plugins",
          "--dry-run", "--format", "json")
    check("legacy-move-unknown", root, "move", "trading_api.nothing", "trading_api.other", "--dry-run")
    check("legacy-remove-shims-dry-run", root, "remove-shims", "--dry-run")
    check("legacy-diff-specs-text", root, "diff-specs", "--baseline", "HEAD")
    check("legacy-diff-specs-json", root, "diff-specs", "--baseline", "HEAD", "--format", "json")
    check("legacy-diff-specs-unknown-ref", root, "diff-specs", "--baseline", "no-such-ref")
    check("legacy-export-specs", root, "export-specs", "--out", str(root / "out"))
    check("legacy-dry-run-all-json", root, "run", "--all", "--dry-run", "--format", "json")


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github", "sarif", "junit"])
def test_diff_specs_of_two_document_files_in_every_format(tmp_path: Path, fmt: str) -> None:
    root = tmp_path / "files"
    shutil.copytree(ASSETS / "specs" / "files", root)
    check(f"files-diff-specs-{fmt}", root, "diff-specs", "old_openapi.json", "new_openapi.json",
          "--format", fmt)
