"""Baseline documents cached by commit id under `.refactor-tools/specs-cache/<sha>/`.

A hit needs more than the commit: the same targets and source, the same generation
environment (kept as a hash: an env-file may hold secrets), the same copy-untracked files
(content hashes), the same generator (its script
and interpreter), this tool's version and the versions of the libraries that render the
documents. Anything else regenerates and replaces the entry, and so does an entry whose
files do not match the content hashes meta.json records (torn, or edited by hand).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from .. import __version__
from ..adapters.state import STATE_DIR, ignore_folder
from ..fileio import write_atomic
from .generate import RUNNER, canonical_json
from .settings import SpecsConfig

CACHE_DIR = Path(STATE_DIR) / "specs-cache"
_FORMAT = 3


def _versions() -> dict[str, str]:
    from importlib import metadata

    found = {"python": sys.version.split()[0]}
    for dist in ("fastapi", "pydantic"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = "-"
    return found


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _meta(specs: SpecsConfig, copies: dict[str, str]) -> dict[str, Any]:
    # The commit fixes the code; the settings and the libraries that render it must match too.
    return {
        "copy-untracked": copies,
        "env": _sha256(canonical_json(specs.env_dict())),
        "format": _FORMAT,
        "generator": {"python": sys.executable, "script": _sha256(RUNNER)},
        "source": specs.source,
        "targets": specs.as_dict(),
        "tool": __version__,
        "versions": _versions(),
    }


def load(root: Path, commit: str, specs: SpecsConfig,
         copies: dict[str, str] | None = None) -> dict[str, dict] | None:
    """Return the cached documents of `commit`, or None when absent or made differently.

    `copies` is the digest of the copy-untracked files (name -> sha256 or "missing").
    """
    folder = root / CACHE_DIR / commit
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            return None
        kinds = meta.pop("kinds", None)
        digests = meta.pop("digests", None)
        if not isinstance(kinds, list) or not set(kinds) <= {"openapi", "asyncapi"} or not kinds:
            return None
        if not isinstance(digests, dict) or meta != _meta(specs, copies or {}):
            return None
        texts = {kind: (folder / f"{kind}.json").read_text(encoding="utf-8") for kind in kinds}
        if any(digests.get(kind) != _sha256(text) for kind, text in texts.items()):
            return None  # torn or edited by hand
        docs = {kind: json.loads(text) for kind, text in texts.items()}
    except (OSError, ValueError, TypeError, RecursionError):
        # Missing, torn or hand-edited: a bad entry is a miss, and the next store replaces it.
        return None
    return docs if all(isinstance(doc, dict) for doc in docs.values()) else None


def store(root: Path, commit: str, specs: SpecsConfig, docs: dict[str, dict],
          copies: dict[str, str] | None = None) -> None:
    """Write the documents of `commit`; meta.json last, so a torn write is never a hit."""
    base = root / CACHE_DIR
    ignore_folder(base)
    folder = base / commit
    folder.mkdir(parents=True, exist_ok=True)
    digests = {}
    for kind, doc in sorted(docs.items()):
        text = canonical_json(doc)
        write_atomic(folder / f"{kind}.json", text)
        digests[kind] = _sha256(text)
    write_atomic(folder / "meta.json", canonical_json(
        {**_meta(specs, copies or {}), "digests": digests, "kinds": sorted(docs)}))

