"""References outside Python files: config, CI, Docker, shell and Make files are rewritten;
Markdown and reST mentions are reported.

A reference is exact: a dotted name under a moved module (`app.managers.auth`,
`app.main:app`), or a file path of a moved file or package (`app/managers/auth.py`,
`src/app/managers/`). Edits are token-level, so every other byte (layout, comments, quoting)
stays as it was.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .names import Renames, parent

REWRITE_NAMES = frozenset(
    {
        "pyproject.toml", "setup.cfg", "tox.ini", "alembic.ini", ".pre-commit-config.yaml",
        "Makefile", "GNUmakefile", "makefile", "Procfile", "justfile", ".gitlab-ci.yml",
    }
)
REWRITE_SUFFIXES = (".toml", ".cfg", ".ini", ".yml", ".yaml", ".sh", ".bash", ".mk", ".dockerfile")
DOC_SUFFIXES = (".md", ".rst", ".markdown")
SKIP_DIRS = frozenset(
    {".git", ".venv", "venv", "env", "node_modules", "__pycache__", "build", "dist", ".tox", ".nox",
     ".mypy_cache", ".ruff_cache", ".pytest_cache", ".refactor-tools", "site-packages"}
)


def kind_of(rel: str) -> str | None:
    """Return "rewrite" for files whose references are rewritten, "docs" for reported ones."""
    name = rel.rpartition("/")[2]
    if name in REWRITE_NAMES or name.startswith("Dockerfile") or name.endswith(REWRITE_SUFFIXES):
        return "rewrite"
    if name.endswith(DOC_SUFFIXES):
        return "docs"
    return None


def candidate_files(root: Path) -> list[Path]:
    """Return the project's non-Python files that may hold references (git's view when a repo)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, capture_output=True, check=True,
        ).stdout.decode("utf-8", "replace")
        prefix = subprocess.run(
            ["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True, check=True, text=True
        ).stdout.strip()
        del prefix  # ls-files already lists paths relative to the working directory
        rels = [r for r in out.split("\0") if r]
    except (OSError, subprocess.CalledProcessError):
        rels = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info")]
            rels += [Path(dirpath, f).relative_to(root).as_posix() for f in filenames]
    return sorted(root / r for r in rels if kind_of(r) and (root / r).is_file())


@dataclass(frozen=True)
class PathRename:
    """A moved file or folder, as written relative to the project root."""

    old: str
    new: str
    is_dir: bool


class TextRewriter:
    """Rewrite the exact references of one run in any text."""

    def __init__(self, renames: Renames, paths: list[PathRename]) -> None:
        self.renames = renames
        olds = sorted({old for old, _ in renames.pairs}, key=len, reverse=True)
        self.words = tuple(sorted({o.rpartition(".")[2] for o in olds} | {p.old.rpartition("/")[2] for p in paths}))
        alts = "|".join(re.escape(o) for o in olds) or r"(?!x)x"
        self.dotted = re.compile(rf"(?<![\w.])(?:{alts})(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_][\w.]*)?(?![\w])")
        symbol_alts = "|".join(
            re.escape(parent(o)) + ":" + re.escape(o.rpartition(".")[2]) for o in olds
        ) if renames.symbols else r"(?!x)x"
        self.symbol = re.compile(rf"(?<![\w.])(?:{symbol_alts})(?![\w])")
        self.paths = sorted(paths, key=lambda p: len(p.old), reverse=True)
        path_alts = "|".join(
            re.escape(p.old) + (r"(?=/|(?![\w.-]))" if p.is_dir else r"(?![\w-])") for p in self.paths
        ) or r"(?!x)x"
        self.path_re = re.compile(rf"(?<![\w./-])(?:{path_alts})")
        self.by_old = {p.old: p.new for p in self.paths}

    def may_refer(self, text: str) -> bool:
        """Return True when `text` may hold a reference (cheap filter)."""
        return any(w in text for w in self.words)

    def _dotted(self, match: re.Match[str]) -> str:
        value = match.group(0)
        path, colon, attr = value.partition(":")
        new = self.renames.new_name(path)
        if new is None:
            return value
        if self.renames.symbols and not colon:
            return new
        return new + colon + attr

    def _symbol(self, match: re.Match[str]) -> str:
        module, _, name = match.group(0).partition(":")
        new = self.renames.new_name(f"{module}.{name}")
        return f"{parent(new)}:{name}" if new else match.group(0)

    def rewrite(self, text: str) -> str:
        """Return `text` with every exact reference rewritten."""
        text = self.symbol.sub(self._symbol, text)
        text = self.dotted.sub(self._dotted, text)
        return self.path_re.sub(lambda m: self.by_old.get(m.group(0), m.group(0)), text)

    def mentions(self, text: str) -> list[int]:
        """Return the line numbers that mention an old name or path."""
        out = []
        for number, line in enumerate(text.splitlines(), 1):
            if self.symbol.search(line) or self.dotted.search(line) or self.path_re.search(line):
                out.append(number)
        return out


def path_renames(root: Path, source_dir: Path, moves: list[tuple[Path, Path]], package_dirs: list[tuple[Path, Path]]) -> list[PathRename]:
    """Return the moved files and folders as written from the root and from the source dir."""
    out: list[PathRename] = []
    bases = [root] + ([source_dir] if source_dir.resolve() != root.resolve() else [])
    for pairs, is_dir in ((moves, False), (package_dirs, True)):
        for old, new in pairs:
            for base in bases:
                try:
                    o, n = old.relative_to(base).as_posix(), new.relative_to(base).as_posix()
                except ValueError:
                    continue
                out.append(PathRename(o, n, is_dir))
                out.append(PathRename("./" + o, "./" + n, is_dir))
    return out


def plan(
    root: Path, rewriter: TextRewriter, overrides: dict[Path, str] | None = None
) -> tuple[dict[Path, str], dict[Path, str], list[tuple[str, int, str]]]:
    """Return (new texts, originals on disk, notes) for the non-Python files of a project.

    `overrides` holds texts planned by an earlier pass, used instead of the files' own.
    """
    new_texts: dict[Path, str] = {}
    originals: dict[Path, str] = {}
    notes: list[tuple[str, int, str]] = []
    for path in candidate_files(root):
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                disk = fh.read()
        except (OSError, UnicodeDecodeError):
            continue
        text = (overrides or {}).get(path, disk)
        if not rewriter.may_refer(text):
            continue
        rel = path.relative_to(root).as_posix()
        if kind_of(rel) == "docs":
            notes += [(rel, line, "documentation mentions the old path") for line in rewriter.mentions(text)]
            continue
        new = rewriter.rewrite(text)
        if new == text:
            continue
        if rel.endswith(".toml") and not _valid_toml(new):
            notes += [(rel, line, "not rewritten: the result would not parse as TOML") for line in rewriter.mentions(text)]
            continue
        new_texts[path] = new
        originals[path] = disk
    return new_texts, originals, notes


def _valid_toml(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True
