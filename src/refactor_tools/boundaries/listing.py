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
    found.sort()
    return found, hits


def _walk(root: Path, package: str, package_dir: Path, exclude, hits) -> list[Listed]:
    out: list[Listed] = []
    root_text = str(root)
    # Dotted name of each folder that is a package, or the reason it is not.
    status: dict[str, tuple[str, str]] = {}
    for folder, dirs, files in os.walk(package_dir):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        rel_folder = os.path.relpath(folder, package_dir)
        parts = [] if rel_folder == "." else rel_folder.split(os.sep)
        parent = status.get(os.path.dirname(folder)) if parts else None
        has_init = "__init__.py" in files
        display = _rel(folder, root_text)
        if not parts:
            name, reason = (package, "") if has_init else ("", f"folder {display} has no __init__.py")
        elif parent is not None and parent[1]:
            name, reason = "", parent[1]
        elif not _importable(parts[-1]):
            name, reason = "", f"folder {display}: {_why_not_identifier(parts[-1])}"
        elif not has_init:
            name, reason = "", f"folder {display} has no __init__.py"
        else:
            name, reason = f"{parent[0] if parent else package}.{parts[-1]}", ""
        status[folder] = (name, reason)
        for file in sorted(files):
            if not file.endswith(".py"):
                continue
            full = os.path.join(folder, file)
            rel = _rel(full, root_text)
            inner = "/".join([*parts, file])
            matched = [i for i, glob in enumerate(exclude) if glob.fullmatch(rel) or glob.fullmatch(inner)]
            for index in matched:
                hits[index] += 1
            stem = file[:-3]
            if reason:
                module, why = "", reason
            elif stem == "__init__":
                module, why = name, ""
            elif not _importable(stem):
                module, why = "", f"file name {file!r}: {_why_not_identifier(stem)}"
            else:
                module, why = f"{name}.{stem}", ""
            out.append(Listed(rel, module, why, bool(matched), stem == "__init__"))
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
