"""The `move-files` codemod: move files nobody imports (tests) next to the code they test.

Test modules are not imported by other code, so moving them needs no rewriting: the files
move with git, every new folder inside the source tree gets an `__init__.py` (so the import
graph sees them), and pytest's `testpaths` is extended when a target lies outside it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..adapters import pyproject as pyproject_file
from ..codemod_result import CodemodResult
from ..errors import ConfigError, UsageError
from ..fileio import inside, write_atomic


@dataclass(frozen=True)
class MoveFilesResult:
    """Files moved (old, new), packages created and pytest testpaths added."""

    moved: tuple[tuple[str, str], ...] = ()
    created: tuple[str, ...] = ()
    testpaths_added: tuple[str, ...] = ()


def _git_repo(root: Path):
    try:
        import git
    except ImportError:  # pragma: no cover - gitpython is a dependency
        return None
    try:
        repo = git.Repo(root, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    return repo


def _new_packages(root: Path, source_dir: Path, target: Path) -> list[Path]:
    """Return the `__init__.py` files needed between the source dir and `target`'s folder."""
    folder = target.parent
    try:
        folder.relative_to(source_dir)
    except ValueError:
        return []
    needed: list[Path] = []
    while folder != source_dir:
        init = folder / "__init__.py"
        if not init.exists():
            needed.append(init)
        folder = folder.parent
    return sorted(needed)


def _testpaths_update(pyproject: Path, targets: list[str]) -> tuple[str | None, list[str]]:
    """Return the new pyproject text adding the testpaths the targets need (None: no change).

    Only a `testpaths` list the project already has is extended (pytest's default, the whole
    tree, already finds every target); the edit keeps the file's comments and layout.
    """
    if not pyproject.is_file():
        return None, []
    text = pyproject_file.read_text(pyproject)
    table = pyproject_file.tool_table(pyproject_file.parse_toml(text, pyproject), "tool.pytest.ini_options")
    current = table.get("testpaths") if isinstance(table, dict) else None
    if not isinstance(current, list) or not all(isinstance(p, str) for p in current):
        return None, []
    covered = [p.rstrip("/") for p in current]
    added: list[str] = []
    for target in targets:
        if any(target == c or target.startswith(c + "/") for c in covered + added):
            continue
        added.append(target.split("/", 1)[0])
    if not added:
        return None, []
    import tomlkit

    document = tomlkit.parse(text)
    paths = document["tool"]["pytest"]["ini_options"]["testpaths"]
    for path in added:
        paths.append(path)  # appended in place: the list's comments and layout stay
    return tomlkit.dumps(document), added


def move_files(
    root: Path,
    files: Mapping[str, str],
    *,
    source: str = "src",
    dry_run: bool = False,
) -> MoveFilesResult:
    """Move each `old -> new` file (paths relative to `root`), with git when it is a repo.

    Raises:
        UsageError: a source file is missing or a target exists.
    """
    root = Path(root)
    pairs = sorted(files.items())
    for old, new in pairs:
        inside(root, old, what="move-files source", error=UsageError)
        inside(root, new, what="move-files target", error=UsageError)
    problems = []
    for old, new in pairs:
        if not (root / old).is_file():
            problems.append(f"{old}: no such file")
        if (root / new).exists():
            problems.append(f"{new}: target exists")
    if problems:
        raise UsageError("cannot move files: " + "; ".join(problems))
    source_dir = root / source
    inits = sorted({init for _, new in pairs for init in _new_packages(root, source_dir, root / new)})
    test_targets = [new for _, new in pairs if Path(new).name.startswith("test_")]
    new_pyproject, added = _testpaths_update(root / "pyproject.toml", test_targets)
    result = MoveFilesResult(
        moved=tuple(pairs),
        created=tuple(p.relative_to(root).as_posix() for p in inits),
        testpaths_added=tuple(added),
    )
    if dry_run:
        return result
    repo = _git_repo(root)
    for init in inits:
        init.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(init, "")
    for old, new in pairs:
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        if repo is not None and old in _tracked(repo, old):
            repo.git.mv(old, new)
        else:
            shutil.move(str(root / old), str(root / new))
    if new_pyproject is not None:
        write_atomic(root / "pyproject.toml", new_pyproject)
    if repo is not None and inits:
        repo.index.add([p.relative_to(root).as_posix() for p in inits])
    return result


def _tracked(repo: Any, path: str) -> set[str]:
    return set(repo.git.ls_files("--", path).splitlines())


def run_action(config: Any, options: dict[str, Any], dry_run: bool = False) -> MoveFilesResult:
    """Plan-action entry point: option `files` maps old paths to new paths."""
    files = options.get("files")
    if not isinstance(files, dict) or not files:
        raise ConfigError(
            f"the move-files codemod needs a non-empty table 'files', got {files!r}",
            key="options.files",
        )
    return move_files(Path(config.root), files, source=config.source, dry_run=dry_run)


def codemod(config: Any, options: dict[str, Any], dry_run: bool = False) -> CodemodResult:
    """The registered `move-files` codemod: `run_action` as the one result type."""
    result = run_action(config, options, dry_run)
    changed = tuple(sorted({p for pair in result.moved for p in pair}))
    summary = f"codemod move-files: {len(changed)} file(s) changed" if changed else "codemod move-files"
    return CodemodResult(summary, changed)
