"""Fixtures: copies of the graph asset projects, and headless Chromium when it is installed."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "graph"
GOLDEN = Path(__file__).resolve().parent / "golden"
CHROMIUM_NAMES = (
    "chromium",
    "google-chrome",
    "google-chrome-stable",
    "chromium-browser",
)


@pytest.fixture
def asset(tmp_path):
    """Return a function copying one asset project into tmp_path (caches stay out of the repo)."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(ASSETS / name, target)
        return target

    return copy


@dataclass(frozen=True)
class Page:
    """What Chromium saw: the DOM after load, its log (console messages) and a screenshot."""

    dom: str
    log: str
    screenshot: Path

    @property
    def console(self) -> list[str]:
        """Return the page's console lines from Chromium's log (the pages have no scripts)."""
        return [
            line
            for line in self.log.splitlines()
            if "CONSOLE" in line or "Uncaught" in line
        ]


def _find_chromium() -> str | None:
    fixed = Path("/usr/bin/chromium")
    if fixed.is_file():
        return str(fixed)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture
def chromium(tmp_path):
    """Return a function that opens an HTML file in headless Chromium; skips when none is installed."""
    binary = _find_chromium()
    if binary is None:
        pytest.skip("Chromium is not installed (CI installs the 'chromium' package)")

    def open_page(page: Path, name: str = "page") -> Page:
        # The screenshot stays under pytest's tmp path as the test's artifact.
        shot = tmp_path / f"{name}.png"
        common = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1400,1000",
        ]
        runs = []
        # Two runs: not every Chromium build performs --dump-dom and --screenshot together.
        for index, action in enumerate(("--dump-dom", f"--screenshot={shot}")):
            profile = tmp_path / f"{name}-profile-{index}"
            done = subprocess.run(
                [
                    *common,
                    f"--user-data-dir={profile}",
                    action,
                    page.resolve().as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert done.returncode == 0, done.stderr[-2000:]
            runs.append(done)
        return Page(
            dom=runs[0].stdout, log=runs[0].stderr + runs[1].stderr, screenshot=shot
        )

    return open_page
