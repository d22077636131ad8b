"""Reading and writing the harness's files: UTF-8 text and TOML with clear errors, atomic writes.

Shared by every part of the harness (the bottom layer: it imports only `errors`).
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import ConfigError


def read_text(path: Path) -> str:
    """Return a text file's content, UTF-8.

    Raises:
        ConfigError: the file is missing, unreadable or not UTF-8 (names the file).
    """
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start}: {exc.reason})",
                          file=str(path), hint="save the file as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot read the file ({exc.strerror or exc})", file=str(path)) from None


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML text read from `path`; ConfigError naming the file on bad TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", file=str(path)) from None


def read_pyproject(path: Path) -> dict[str, Any]:
    """Read and parse a pyproject.toml (or any TOML file) once.

    Raises:
        ConfigError: missing, unreadable, not UTF-8, or invalid TOML.
    """
    return parse_toml(read_text(path), path)


def write_atomic(path: Path, text: str, *, skip_unchanged: bool = False) -> bool:
    """Write `text` through a temporary sibling and `os.replace`: never a half-written file.

    The file keeps its permission bits; parent folders are created. With `skip_unchanged`,
    a file that already holds `text` is not touched.

    Returns:
        True when the file was written.
    """
    path = Path(path)
    if skip_unchanged:
        try:
            if path.read_text(encoding="utf-8") == text:
                return False
        except (OSError, ValueError):
            pass
    for observer in tuple(_observers):
        observer(path, text.encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def inside(root: Path, path: str | Path, *, what: str, error: type[Exception] = ConfigError) -> Path:
    """Return `path` (relative to `root`, or absolute) resolved, symlinks included.

    The repository is a fence: a path that resolves outside `root` (through `..`, an absolute
    path or a symlink anywhere on the way) is refused before anything is written.

    Args:
        root: the folder every path must stay in (the project or repository root).
        path: the path as the user wrote it (plan, config value or command-line argument).
        what: how to name it in the message, e.g. "scaffold path" or "[tool.refactor-tools] progress".
        error: the error class to raise (ConfigError for files and plans, UsageError for arguments).

    Raises:
        error: the resolved path is outside `root` (exit 2).
    """
    base = Path(root).resolve()
    resolved = (base / path).resolve()
    if resolved != base and base not in resolved.parents:
        raise error(
            f"{what} {str(path)!r} resolves to {resolved}, outside the repository {base}",
            hint="every path a plan, a config value or an argument names must stay inside the repository",
        )
    return resolved


# --- who changes files: the driver watches every atomic write of a phase run ----------------------

WriteObserver = Callable[[Path, bytes], None]
_observers: list[WriteObserver] = []


@contextmanager
def observe_writes(observer: WriteObserver) -> Iterator[None]:
    """Call `observer(path, new_bytes)` before every `write_atomic` inside the block.

    The driver's phase run records, durably and before the write happens, which files it
    creates or overwrites; an observer that raises stops the write.
    """
    _observers.append(observer)
    try:
        yield
    finally:
        _observers.remove(observer)
