"""Build hook: ship the Trading API's packages, which live in the repository's src/.

Hatchling selects files only below the project directory, so this hook lists the files of each
package named in `packages` (the `[tool.hatch.build.targets.wheel.hooks.custom]` table) one by
one. Listing them here, rather than force-including whole directories, keeps what is on the
builder's disk but not in the source tree (caches, bytecode, test folders) out of the wheel.
Editable installs need nothing from it: `dev-mode-dirs` puts src/ on the path.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SKIPPED_DIRS = {"__pycache__", "tests", ".pytest_cache"}
SKIPPED_SUFFIXES = {".pyc", ".pyo"}


class CustomBuildHook(BuildHookInterface):
    """Add every source file of the configured packages to the wheel."""

    def initialize(self, version: str, build_data: dict) -> None:
        """Map each kept file of ../../src/<package> to <package>/... in the wheel."""
        if self.target_name != "wheel" or version == "editable":
            return
        source = (Path(self.root) / ".." / ".." / "src").resolve()
        for package in self.config.get("packages", []):
            top = source / package
            if not (top / "__init__.py").is_file():
                raise ValueError(f"package {package!r} not found at {top}")
            for path in sorted(top.rglob("*")):
                relative = path.relative_to(source)
                if not path.is_file() or path.suffix in SKIPPED_SUFFIXES:
                    continue
                if SKIPPED_DIRS.intersection(relative.parts[:-1]):
                    continue
                build_data["force_include"][str(path)] = relative.as_posix()
