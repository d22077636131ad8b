"""Skip a gate whose inputs are exactly those of an earlier green run.

Public API:
    cache_dir(root) -> Path                  the gates' cache folder: `<git dir>/refactor-tools/`
    GreenRecords(root)                       the record file `<git dir>/refactor-tools/gates.json`
    GreenRecords.key(gate, settings)         digest of the tree + the gate's configuration
    GreenRecords.get(key) / .put(key, ...)   look up / record a green result

The inputs of a key: the content of every file git would see (tracked and untracked, not
ignored: a temporary index, `git add --all`, `git write-tree`), the gate's name and
configuration (arguments, command, timeout, app sources), the project's environment variables
(env-file and env, whatever file they come from), the interpreter and the installed
distributions. The plan's progress document is left out: the driver itself rewrites it after
every task, and it is a record of the run, not something a gate checks. Anything else the project reads (an ignored database file, the network) is not
an input: turn skipping off with `[tool.refactor-tools.driver] skip-unchanged = false` when a
suite depends on such state.

The records (and pytest's cache) live in the repository's git directory, not in the working
tree: a failed run restores the tree byte for byte, state folder included, while what a gate
learned about other trees stays valid (a rerun after a failure skips what was already green).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

MAX_RECORDS = 200


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, check=False)
    if done.returncode != 0:
        raise OSError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def cache_dir(root: Path) -> Path:
    """Return the gates' cache folder: `refactor-tools/` in this worktree's git directory.

    Outside a git repository: `.refactor-tools/cache/` of the project.
    """
    try:
        return Path(_git(Path(root), "rev-parse", "--path-format=absolute", "--git-path", "refactor-tools"))
    except OSError:
        return Path(root) / ".refactor-tools" / "cache"


def tree_digest(root: Path, exclude: tuple[str, ...] = ()) -> str:
    """Return the git tree hash of the working tree as it is now (tracked + untracked, not ignored).

    Uses a copy of the index, so the real index and the tree are left untouched; `exclude`
    lists paths (relative to `root`) left out of the digest.
    """
    index = Path(_git(root, "rev-parse", "--path-format=absolute", "--git-path", "index"))
    with tempfile.TemporaryDirectory(prefix="refactor-tools-index-") as tmp:
        temp_index = Path(tmp) / "index"
        if index.is_file():
            shutil.copyfile(index, temp_index)  # stat data kept: unchanged files are not re-hashed
        env = {**os.environ, "GIT_INDEX_FILE": str(temp_index)}
        _git(root, "add", "--all", "--", ".", env=env)
        if exclude:
            _git(root, "rm", "--cached", "--quiet", "--ignore-unmatch", "--", *exclude, env=env)
        return _git(root, "write-tree", env=env)


def _distributions() -> list[str]:
    names: set[str] = set()
    for entry in sys.path:
        try:
            names.update(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info", ".egg-link", ".pth")))
        except OSError:
            continue
    return sorted(names)


class GreenRecords:
    """Green gate results of this project, keyed by their inputs' digest."""

    def __init__(self, root: Path, exclude: tuple[str, ...] = ()) -> None:
        self.root = Path(root)
        self.exclude = exclude
        self.path = cache_dir(self.root) / "gates.json"
        self._tree: str | None = None

    def tree(self) -> str:
        """Return the tree digest, computed once (call it before any gate changes the tree)."""
        if self._tree is None:
            self._tree = tree_digest(self.root, self.exclude)
        return self._tree

    def key(self, gate: str, gate_config: Any, env: dict[str, str]) -> str:
        """Return the digest of everything the gate reads."""
        data = {
            "distributions": _distributions(),
            "env": sorted(env.items()),
            "gate": gate,
            "gate_config": gate_config,
            "interpreter": [sys.executable, sys.version],
            "tree": self.tree(),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: nothing is skipped, the file is rewritten
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> dict[str, Any] | None:
        """Return the green record for `key`, or None."""
        record = self._load().get(key)
        return record if isinstance(record, dict) else None

    def put(self, key: str, gate: str, summary: str, metrics: dict[str, Any], note: str | None = None) -> None:
        """Record a green result (the oldest records go beyond MAX_RECORDS); `note` says where it
        ran when that was not this tree (a skip then says it instead of the time)."""
        data = self._load()
        data.pop(key, None)
        data[key] = {"gate": gate, "summary": summary, "metrics": metrics,
                     "at": datetime.now(timezone.utc).replace(microsecond=0).isoformat()}
        if note:
            data[key]["note"] = note
        while len(data) > MAX_RECORDS:
            data.pop(next(iter(data)))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)
