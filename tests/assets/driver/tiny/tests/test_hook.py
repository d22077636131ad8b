"""A hook for the driver's tests: block the suite while a test kills the run."""

import os
import time
from pathlib import Path


def test_hook():
    marker = os.environ.get("TINYAPP_BLOCK_MARKER")
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # the killing test ends this process long before
            time.sleep(0.05)
