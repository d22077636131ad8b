"""Find the `.py` files of the root packages and say, for each, which module it is or why none.

File-system adapter: walks the package folders once; the result is plain data. A file is a
module when every folder from its root package down has an `__init__.py` and every name on
the way is an importable identifier; otherwise it is reported with the first reason found.
Files matching an `exclude` glob are left out entirely (not analysed, no guard); excluded
modules stay importable targets so that rules about importing them still hold.
"""

from __future__ import annotations

import keyword
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_SKIP_DIRS = {"__pycache__"}


@dataclass(frozen=True, order=True)
class Listed:
    """One `.py` file under a root package.

    `module` is its dotted name, or "" when the file cannot be imported (`reason` says why).
    `excluded` files are never scanned and never reported.
    """

    path: str
    module: str
    reason: str = ""
    excluded: bool = False
    is_package: bool = False


def compile_glob(text: str) -> re.Pattern[str]:
    """Return a regex for a path glob: `*` within a segment, `**` any depth, `?` one character.

    A glob without wildcards in its last segment also matches everything below it, so
    `alembic` excludes the folder's files like `alembic/**` does.
    """
    return _compile_glob(text.strip().strip("/"))


@lru_cache(maxsize=256)
def _compile_glob(text: str) -> re.Pattern[str]:
    parts: list[str] = []
    segments = text.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            parts.append(".*" if last else "(?:[^/]+/)*")
            continue
        body = "".join("[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch) for ch in segment)
        parts.append(body if last else body + "/")
    return re.compile("".join(parts) + "(?:/.*)?")


def list_package_files(
    root: Path, source_dir: Path, packages: tuple[str, ...], exclude: tuple[re.Pattern[str], ...]
) -> tuple[list[Listed], list[int]]:
    """Return every `.py` file of the root packages (sorted by path) and, per exclude glob,
    how many files it matched.

    Globs are matched against the path relative to the project root and against the path
    relative to the root package's folder (`alembic/**` excludes `app/alembic/...`).
    """
    found: list[Listed] = []
    hits = [0] * len(exclude)
    for package in packages:
        package_dir = source_dir / package.replace(".", "/")
        found.extend(_walk(root, package, package_dir, exclude, hits))
    found.sort(key=lambda item: item.path)
    return found, hits


def _walk(root: Path, package: str, package_dir: Path, exclude, hits) -> list[Listed]:
    out: list[Listed] = []
    root_text = str(root)
    inside = str(package_dir).startswith(root_text + os.sep)
    base = str(package_dir)[len(root_text) + 1 :].replace(os.sep, "/") if inside else _rel(str(package_dir), root_text)

    def visit(folder: str, rel: str, parts: list[str], name: str, reason: str) -> None:
        # `name`: the folder's dotted name when it is a package; else `reason` says why not.
        files, dirs = [], []
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py") and entry.is_file():
                    files.append(entry.name)
                elif entry.is_dir(follow_symlinks=False) and entry.name not in _SKIP_DIRS and not entry.name.startswith("."):
                    dirs.append(entry.name)
        if not reason and "__init__.py" not in files:
            reason, name = f"folder {rel} has no __init__.py", ""
        for file in sorted(files):
            path = f"{rel}/{file}"
            inner = "/".join([*parts, file])
            matched = False
            for index, glob in enumerate(exclude):
                if glob.fullmatch(path) or glob.fullmatch(inner):
                    hits[index] += 1
                    matched = True
            stem = file[:-3]
            if reason:
                module, why = "", reason
            elif stem == "__init__":
                module, why = name, ""
            elif not _importable(stem):
                module, why = "", f"file name {file!r}: {_why_not_identifier(stem)}"
            else:
                module, why = f"{name}.{stem}", ""
            out.append(Listed(path, module, why, matched, stem == "__init__"))
        for child in sorted(dirs):
            child_rel = f"{rel}/{child}"
            if reason:
                child_name, child_reason = "", reason
            elif not _importable(child):
                child_name, child_reason = "", f"folder {child_rel}: {_why_not_identifier(child)}"
            else:
                child_name, child_reason = f"{name}.{child}", ""
            visit(os.path.join(folder, child), child_rel, [*parts, child], child_name, child_reason)

    visit(str(package_dir), base, [], package, "")
    return out


def _rel(path: str, root_text: str) -> str:
    if path.startswith(root_text + os.sep):
        rel = path[len(root_text) + 1 :]
    else:
        rel = os.path.relpath(path, root_text)
    return rel.replace(os.sep, "/")


def _importable(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def _why_not_identifier(name: str) -> str:
    if keyword.iskeyword(name):
        return f"{name!r} is a Python keyword, so it cannot be imported"
    return f"{name!r} is not a valid Python identifier, so it cannot be imported"
