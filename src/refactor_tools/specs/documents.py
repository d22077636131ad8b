"""Document files given on the command line: read, recognised (OpenAPI or AsyncAPI), located.

Public API:
    looks_like_file(arg) -> bool
    read_document(arg) -> DocumentFile        (raises UsageError, exit 2)
    positions_in(text, suffix) -> dict[str, int]

JSON always; YAML (`.yaml`, `.yml`) when PyYAML is installed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .locate import pointer_lines

SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class DocumentFile:
    """One document read from a file: its kind, content, text and how to name it."""

    arg: str
    path: Path
    kind: str
    doc: dict[str, Any]
    text: str

    @property
    def uri(self) -> str:
        """Return the path as given when relative (SARIF resolves it from the run's folder)."""
        given = Path(self.arg)
        return given.as_posix() if not given.is_absolute() else self.path.as_uri()


def looks_like_file(arg: str) -> bool:
    """Return True when `arg` names a file (existing, or with a document suffix) not a git ref."""
    path = Path(arg)
    return path.exists() or path.suffix.lower() in SUFFIXES


def read_document(arg: str) -> DocumentFile:
    """Read one OpenAPI or AsyncAPI document.

    Raises:
        UsageError: no such file, a folder, unreadable, not JSON/YAML, or neither kind (exit 2).
    """
    path = Path(arg)
    if not path.exists():
        raise UsageError(f"document file {arg!r} does not exist",
                         hint="pass two document files, or a file and a git ref")
    if not path.is_file():
        raise UsageError(f"document file {arg!r} is not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"document file {arg!r} cannot be read: {exc}") from None
    doc = _parse(arg, path, text)
    kinds = [k for k in ("openapi", "asyncapi") if isinstance(doc, dict) and k in doc]
    if len(kinds) != 1:
        raise UsageError(
            f"document file {arg!r} is neither an OpenAPI nor an AsyncAPI document",
            hint="its top level must have an 'openapi' or an 'asyncapi' version key",
        )
    return DocumentFile(arg=arg, path=path.resolve(), kind=kinds[0], doc=doc, text=text)


def _parse(arg: str, path: Path, text: str) -> Any:
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise UsageError(f"reading the YAML document {arg!r} needs PyYAML",
                             hint="pip install pyyaml, or convert the document to JSON") from None
        try:
            return yaml.safe_load(text)
        except (yaml.YAMLError, RecursionError) as exc:
            reason = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
            raise UsageError(f"document file {arg!r} is not valid YAML: {reason or type(exc).__name__}") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise UsageError(f"document file {arg!r} is not valid JSON: {exc}") from None
    except RecursionError:
        raise UsageError(f"document file {arg!r} is nested too deeply to read") from None


def positions_in(text: str, suffix: str = ".json") -> dict[str, int]:
    """Return JSON pointer -> line of a document's text (YAML through PyYAML's node marks)."""
    if suffix.lower() not in (".yaml", ".yml"):
        return pointer_lines(text)
    import yaml

    found: dict[str, int] = {}

    def walk(node: Any, pointer: str) -> None:
        found.setdefault(pointer, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, item in node.value:
                child = f"{pointer}/{str(key.value).replace('~', '~0').replace('/', '~1')}"
                found[child] = key.start_mark.line + 1
                walk(item, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{pointer}/{index}")

    root = yaml.compose(text)
    if root is not None:
        walk(root, "")
    return found
