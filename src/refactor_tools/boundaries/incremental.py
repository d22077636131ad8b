"""The per-file cache: each file's imports, keyed by its content hash.

A run hashes only files whose size or mtime changed, reads (parses) only files whose hash
changed, and re-uses everything else. Import resolution depends on the set of module names,
so when that set changes (a file added, deleted or renamed, a shim appears) every file is
read again; an edit inside a file costs that file alone. The whole report is also kept,
keyed by every input, so an unchanged tree is answered without evaluating the rules.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, RefactorToolsError
from . import aliases, importscan
from .importscan import ScanTarget
from .listing import Listed

FORMAT = 4
_RACY_NS = 3_000_000_000
_MAGIC = b"refactor-tools boundaries cache\n"


@dataclass
class FileState:
    """What the cache knows of one module file (content-derived, so re-usable by hash)."""

    size: int
    mtime: int
    digest: str
    type_checking: bool
    shim: str | None


@dataclass
class Imports:
    """The imports of every analysed module and the files that could not be read."""

    rows: dict[str, importscan.Imports]  # module -> its imports
    broken: dict[str, str] = field(default_factory=dict)  # module -> path of a file that does not parse
    aliases: dict[str, str] = field(default_factory=dict)  # shim or alias name -> real module
    scanned: int = 0
    cache_part: dict[str, Any] = field(default_factory=dict)  # what the imports cache keeps


def load(path: Path) -> dict[str, Any]:
    """Return the cache document, or {} when missing, corrupt or of another format."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    head, _, rest = data.partition(b"\n\n")
    if head + b"\n" != _MAGIC or len(rest) < 32:
        return {}
    checksum, payload = rest[:32], rest[32:]
    if hashlib.blake2b(payload, digest_size=16).hexdigest().encode() != checksum:
        return {}
    try:
        document = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    return document if isinstance(document, dict) and document.get("format") == FORMAT else {}


def dump(document: dict[str, Any]) -> bytes:
    """Return the bytes of a cache document (checksummed, so a damaged file reads as empty)."""
    payload = marshal.dumps(document)
    return _MAGIC + b"\n" + hashlib.blake2b(payload, digest_size=16).hexdigest().encode() + payload


def file_states(root: Path, listed: list[Listed], memo: dict[str, tuple]) -> dict[str, FileState]:
    """Hash every analysed module file; an equal (size, mtime) re-uses the memo's hash."""
    out: dict[str, FileState] = {}
    prefix = str(root) + os.sep
    stat = os.stat
    for item in listed:
        if not item.module or item.excluded:
            continue
        full = prefix + item.path
        info = stat(full)
        known = memo.get(item.path)
        if known and known[0] == info.st_size and known[1] == info.st_mtime_ns:
            out[item.path] = FileState(*known)
            continue
        with open(full, "rb") as handle:
            data = handle.read()
        out[item.path] = FileState(
            size=info.st_size,
            mtime=info.st_mtime_ns,
            digest=hashlib.blake2b(data, digest_size=16).hexdigest(),
            type_checking=b"TYPE_CHECKING" in data,
            shim=aliases.shim_target(data[:400]),
        )
    return out


def memo_of(states: dict[str, FileState]) -> dict[str, tuple]:
    """Return the plain form of the file states for the cache.

    A file changed in the last seconds could change again within the file system's mtime
    granularity, keeping size and mtime: its entry is stored so that it is hashed again
    next time (what git does for "racily clean" index entries).
    """
    recent = time.time_ns() - _RACY_NS
    return {
        path: (s.size if s.mtime < recent else -1, s.mtime, s.digest, s.type_checking, s.shim)
        for path, s in states.items()
    }


def read_imports(
    root: Path,
    roots: dict[str, Path],
    listed: list[Listed],
    states: dict[str, FileState],
    cached: dict[str, Any],
) -> Imports:
    """Return every analysed module's imports, reading only files the cache cannot answer.

    Args:
        root: the project root (listed paths are relative to it).
        roots: root package name -> folder.
        listed: the package files.
        states: their hashes (from `file_states`).
        cached: the previous imports cache document ({} for none).

    Returns:
        The imports, with the part of the next imports cache document that they make.
    """
    modules = {item.module for item in listed if item.module}
    analysed = [item for item in listed if item.module and not item.excluded]
    module_paths = {item.module: item.path for item in analysed}
    shims = {
        item.module: (states[item.path].shim, item.is_package) for item in analysed if states[item.path].shim
    }
    virtual = aliases.virtual_names(shims, modules)
    names = sorted(modules | set(virtual))
    names_key = hashlib.blake2b("\0".join(names).encode(), digest_size=16).hexdigest()
    real = modules - set(shims)
    resolved = aliases.resolve(shims, virtual, real)
    previous = cached.get("files", {}) if cached.get("names") == names_key else {}
    entries: dict[str, tuple] = {}
    targets: list[ScanTarget] = []
    for module, path in sorted(module_paths.items()):
        state = states[path]
        known = previous.get(path)
        if known is not None and known[0] == state.digest and known[1] == module:
            entries[path] = known
        else:
            targets.append(ScanTarget(module, root / path, state.type_checking))
    _scan_into(entries, targets, roots, names, module_paths, states)
    rows = {module: entries[path][2] for module, path in module_paths.items() if entries[path][2] is not None}
    broken = {module: path for module, path in module_paths.items() if entries[path][2] is None}
    part = {"names": names_key, "files": entries}
    return Imports(rows=rows, broken=broken, aliases=resolved, scanned=len(targets), cache_part=part)


def _scan_into(entries, targets, roots, names, module_paths, states) -> None:
    """Scan `targets` into `entries` (path -> (digest, module, rows or None when broken)).

    A file that does not parse is set aside and the rest scanned again, so one broken
    file does not hide the imports of the others.
    """
    pending = list(targets)
    while pending:
        try:
            found = importscan.scan(pending, roots, names)
        except importscan.ScanSyntaxError as exc:
            bad = next((t for t in pending if str(t.path) == exc.path), None)
            bad = bad or next((t for t in pending if os.path.samefile(t.path, exc.path)), None)
            if bad is None:
                raise
            path = module_paths[bad.module]
            entries[path] = (states[path].digest, bad.module, None)
            pending = [t for t in pending if t is not bad]
            continue
        except importscan.ScannerUnavailable as exc:
            raise ConfigError(str(exc), hint="pip install 'grimp>=3.14,<3.21'") from None
        except importscan.ScanFailed as exc:
            raise RefactorToolsError(
                f"could not read the package's files: {exc}",
                hint="a file was probably moved or deleted while the check ran; run it again",
            ) from None
        for target in pending:
            path = module_paths[target.module]
            entries[path] = (states[path].digest, target.module, found.get(target.module, {}))
        pending = []
