"""Process adapter: turn DOT text into SVG with the Graphviz `dot` binary."""

from __future__ import annotations

import shutil
import subprocess

from ..errors import RefactorToolsError, UsageError

INSTALL_HINT = (
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; "
    "Windows: winget install graphviz), or use --format html, which needs nothing"
)


def dot_to_svg(dot_text: str) -> str:
    """Return the SVG that `dot -Tsvg` draws for `dot_text`.

    Raises:
        UsageError: Graphviz is not installed (exit 2, with how to install it).
        RefactorToolsError: `dot` failed; its message is included.
    """
    binary = shutil.which("dot")
    if binary is None:
        raise UsageError(
            "--format svg needs the Graphviz 'dot' program, which is not on PATH",
            hint=INSTALL_HINT,
        )
    done = subprocess.run(
        [binary, "-Tsvg"],
        input=dot_text,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise RefactorToolsError(
            f"Graphviz 'dot' failed (exit {done.returncode}): {done.stderr.strip()}"
        )
    return done.stdout
