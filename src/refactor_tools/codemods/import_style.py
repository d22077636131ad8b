"""The project's import style: line length and isort/ruff sorting options (read once per run)."""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_LINE_LENGTH = 88


@dataclass(frozen=True)
class ImportStyle:
    """How the project's formatter and import sorter lay out import statements."""

    line_length: int = DEFAULT_LINE_LENGTH
    first_party: frozenset[str] = frozenset()
    force_sort_within_sections: bool = False
    force_single_line: bool = False
    combine_as: bool = False
    order_by_type: bool = True
    case_sensitive: bool = False
    target_version: tuple[int, int] | None = None

    def section(self, module: str | None, level: int) -> int:
        """Return the isort section of an import: future, stdlib, third party, first party, local."""
        if level:
            return 4
        top = (module or "").partition(".")[0]
        if top == "__future__":
            return 0
        if top in self.first_party:
            return 3
        if top in sys.stdlib_module_names:
            return 1
        return 2


def _table(data: dict, *keys: str) -> dict:
    for key in keys:
        data = data.get(key, {})
        if not isinstance(data, dict):
            return {}
    return data


def _version(requires: object) -> tuple[int, int] | None:
    """Return the lowest Python version a `requires-python` spec allows, e.g. '>=3.12' -> (3, 12)."""
    if not isinstance(requires, str):
        return None
    for part in requires.split(","):
        part = part.strip()
        for op in (">=", "~=", "=="):
            if part.startswith(op):
                digits = part[len(op) :].strip().split(".")
                try:
                    return int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
                except ValueError:
                    return None
    return None


def read_style(pyproject: Path, packages: frozenset[str], source_dirs: list[Path]) -> ImportStyle:
    """Read `[tool.ruff]`, `[tool.ruff.lint.isort]` / `[tool.ruff.isort]`, `[tool.isort]` and
    `[tool.black]` of a pyproject; defaults are ruff's."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        data = {}
    ruff = _table(data, "tool", "ruff")
    isort_ruff = _table(ruff, "lint", "isort") or _table(ruff, "isort")
    isort = _table(data, "tool", "isort")
    black = _table(data, "tool", "black")
    length = ruff.get("line-length") or isort.get("line_length") or black.get("line-length")
    first = set(packages)
    for src in source_dirs:
        if src.is_dir():
            first |= {p.name for p in src.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    first |= set(isort_ruff.get("known-first-party", ())) | set(isort.get("known_first_party", ()))
    first -= set(isort_ruff.get("known-third-party", ())) | set(isort.get("known_third_party", ()))

    def opt(ruff_key: str, isort_key: str, default: bool) -> bool:
        value = isort_ruff.get(ruff_key, isort.get(isort_key, default))
        return bool(value)

    return ImportStyle(
        line_length=int(length) if isinstance(length, int) and length > 0 else DEFAULT_LINE_LENGTH,
        first_party=frozenset(first),
        force_sort_within_sections=opt("force-sort-within-sections", "force_sort_within_sections", False),
        force_single_line=opt("force-single-line", "force_single_line", False),
        combine_as=opt("combine-as-imports", "combine_as_imports", isort.get("profile") == "black" and False),
        order_by_type=opt("order-by-type", "order_by_type", True),
        case_sensitive=opt("case-sensitive", "case_sensitive", False),
        target_version=_version(_table(data, "project").get("requires-python")),
    )


def project_style(config) -> ImportStyle:  # type: ignore[no-untyped-def]
    """Return the import style of a project (its pyproject, root package and source dir)."""
    return read_style(config.pyproject, frozenset({config.package.partition(".")[0]}), [config.source_dir, config.root])
