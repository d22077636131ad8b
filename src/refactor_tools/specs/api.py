"""The Python API of the specs area: export, generate, compare, diff against a git ref."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import ProjectConfig
from ..errors import UsageError
from ..adapters.git import Git
from . import cache, untracked
from .asyncapi_rules import compare_asyncapi
from .generate import GenerationJob, canonical_json, generate
from .model import ExportedFile, ExportResult, Finding, SpecDiff
from .openapi_rules import compare_openapi
from .settings import specs_config, tree_specs_config


def compare_documents(old: dict[str, Any], new: dict[str, Any], kind: str) -> list[Finding]:
    """Return the classified differences between two documents of one kind.

    Args:
        old: the baseline document.
        new: the current document.
        kind: "openapi" or "asyncapi".

    Returns:
        Findings sorted by kind, location, rule; empty when the documents mean the same.

    Raises:
        UsageError: `kind` is neither "openapi" nor "asyncapi".
    """
    if kind == "openapi":
        return compare_openapi(old, new)
    if kind == "asyncapi":
        return compare_asyncapi(old, new)
    raise UsageError(f"unknown document kind {kind!r}; expected 'openapi' or 'asyncapi'")


def generate_specs(tree_root: Path, config: ProjectConfig) -> dict[str, dict[str, Any]]:
    """Generate the configured documents of a checkout in a subprocess running its code.

    Returns:
        "openapi"/"asyncapi" -> document, for the kinds that are configured.

    Raises:
        ConfigError: the specs settings are missing or wrong.
        SpecGenerationError: the subprocess failed (exit 3); the message shows its error.
    """
    specs = tree_specs_config(Path(tree_root), specs_config(config))
    return generate(Path(tree_root), specs, label=str(tree_root))


def export_specs(
    config: ProjectConfig, out_dir: Path | str | None = None, *, check: bool = False
) -> ExportResult:
    """Write `<kind>.json` for each configured document, canonical and byte-stable.

    Args:
        config: the project.
        out_dir: where to write; default the `out` setting, else the project root.
        check: write nothing; report files that are missing or differ.

    Returns:
        One entry per document: written, unchanged, differs or missing.
    """
    specs = specs_config(config)
    docs = generate(config.root, specs)
    folder = Path(out_dir) if out_dir is not None else config.root / (specs.out or ".")
    files = []
    for kind in sorted(docs):
        path = folder / f"{kind}.json"
        text = canonical_json(docs[kind])
        try:
            existing = path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            existing = None
        if existing == text:
            status = "unchanged"
        elif check:
            status = "missing" if existing is None else "differs"
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            status = "written"
        files.append(ExportedFile(kind=kind, path=path, status=status))
    return ExportResult(files=tuple(files), check=check)


def diff_specs(
    config: ProjectConfig, baseline: str | None = None, *, use_cache: bool = True
) -> SpecDiff:
    """Compare the current documents with those of the tree at a git ref.

    Args:
        config: the project.
        baseline: a git ref; default `[tool.refactor-tools] baseline`.
        use_cache: reuse documents cached for the baseline's commit id.

    Raises:
        UsageError: no baseline given or configured, or an unknown ref (exit 2).
        SpecGenerationError: a tree's documents could not be generated (exit 3).
    """
    specs = specs_config(config)
    ref = baseline or config.baseline
    if not ref:
        raise UsageError(
            "no baseline ref to compare with",
            hint="pass --baseline REF or set baseline = \"<tag>\" in [tool.refactor-tools]",
        )
    git = Git(config.root, hint="diff-specs compares with a git ref; run `git init` and commit a baseline")
    commit = git.resolve_ref(ref, hint="pass --baseline REF or set [tool.refactor-tools] baseline")
    copies = untracked.resolve_copies(config.root, specs.copy_untracked)
    inputs = untracked.digest(copies)
    current = GenerationJob(config.root, specs, "the working tree")
    try:
        old_docs = cache.load(config.root, commit, specs, inputs) if use_cache else None
        cached = old_docs is not None
        if old_docs is None:
            with git.worktree(commit) as checkout:
                tree = checkout / git.rel(config.root)
                tree_specs = tree_specs_config(tree, specs)
                copied = untracked.copy_into(copies, tree)
                label = f"baseline {ref} ({commit[:12]})"
                missing = tuple(c.name for c in copies if not c.exists)
                old_docs = GenerationJob(tree, tree_specs, label, baseline=True, copied=tuple(copied),
                                         missing_copies=missing).result()
            cache.store(config.root, commit, specs, old_docs, inputs)
        new_docs = current.result()
    finally:
        current.cancel()
    return SpecDiff(
        findings=tuple(_compare_all(old_docs, new_docs)),
        baseline_ref=ref,
        baseline_commit=commit,
        kinds=tuple(sorted(old_docs.keys() | new_docs.keys())),
        cached=cached,
    )


def _compare_all(old_docs: dict[str, dict], new_docs: dict[str, dict]) -> list[Finding]:
    findings: list[Finding] = []
    for kind in sorted(old_docs.keys() | new_docs.keys()):
        if kind in old_docs and kind in new_docs:
            findings.extend(compare_documents(old_docs[kind], new_docs[kind], kind))
        else:
            side = "baseline" if kind in old_docs else "current tree"
            findings.append(Finding(kind, "", "document-only-in-one-tree", "unclassified", "none",
                                    f"only the {side} configures a {kind} document"))
    return sorted(findings)
