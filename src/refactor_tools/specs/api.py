"""The Python API of the specs area: export, generate, compare, diff against a git ref."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import ProjectConfig
from ..errors import ConfigError, UsageError
from ..adapters.git import Git, quick_resolve
from . import cache, untracked
from .generate import GenerationJob, canonical_json, generate
from .model import ExportedFile, ExportResult, Finding, Position, SpecDiff
from .settings import SpecsConfig, specs_config, tree_specs_config


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
    # The rules load on first use: a warm diff-specs starts its generator before they import.
    from .operations import name_operations

    if kind == "openapi":
        from .openapi_rules import compare_openapi

        return name_operations(compare_openapi(old, new), kind, old, new)
    if kind == "asyncapi":
        from .asyncapi_rules import compare_asyncapi

        return name_operations(compare_asyncapi(old, new), kind, old, new)
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


_REF_HINT = "pass --baseline REF or set [tool.refactor-tools] baseline"
_ARG_HINT = ("a document file is an existing path or ends in .json, .yaml or .yml; anything "
             "else is a git ref")


@dataclass
class _Side:
    """One side of a comparison: its documents and, for SARIF, the files that hold them."""

    label: str
    docs: dict[str, dict[str, Any]]
    commit: str | None = None
    cached: bool = False
    files: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # kind -> uri, text, suffix
    base: str = ""  # "SRCROOT" when the file URIs are relative to the git root


def diff_specs(
    config: ProjectConfig, baseline: str | None = None, *, use_cache: bool = True,
    locate: bool = False, current: dict[str, dict[str, Any]] | None = None,
) -> SpecDiff:
    """Compare the current documents with those of the tree at a git ref.

    Args:
        config: the project.
        baseline: a git ref; default `[tool.refactor-tools] baseline`.
        use_cache: reuse documents cached for the baseline's commit id.
        locate: also find each finding's line in the exported document (for SARIF).
        current: the working tree's documents when the caller already generated them (the
            driver does while the tests run); None generates them.

    Raises:
        UsageError: no baseline given or configured, or an unknown ref (exit 2).
        SpecGenerationError: a tree's documents could not be generated (exit 3).
    """
    ref = baseline or config.baseline
    if not ref:
        raise UsageError(
            "no baseline ref to compare with",
            hint="pass --baseline REF or set baseline = \"<tag>\" in [tool.refactor-tools]",
        )
    return diff_sides(ref, None, config=config, use_cache=use_cache, locate=locate, _hint=_REF_HINT,
                      _current=current)


def diff_sides(
    old: str, new: str | None, *, config: ProjectConfig | None = None, use_cache: bool = True,
    locate: bool = False, _hint: str = _ARG_HINT, _current: dict[str, dict[str, Any]] | None = None,
) -> SpecDiff:
    """Compare two sides, each a document file or a git ref; `new=None` is the working tree.

    An argument that names an existing path, or ends in .json/.yaml/.yml, is a document file;
    anything else is a git ref whose documents are generated. A file holds one document and
    only that kind is compared.

    Args:
        old: the old side.
        new: the new side, or None for the working tree.
        config: the project; needed only when a side is a ref or the working tree.
        use_cache: reuse documents cached for a ref's commit id.
        locate: also find each finding's line in the new side's file (for SARIF).

    Raises:
        UsageError: a bad document file, an unknown ref, kinds that do not match (exit 2).
        SpecGenerationError: a tree's documents could not be generated (exit 3).
    """
    from .documents import looks_like_file, read_document

    files = {arg: read_document(arg) for arg in (old, new) if arg is not None and looks_like_file(arg)}
    needs_project = new is None or any(arg not in files for arg in (old, new) if arg is not None)
    if needs_project and config is None:
        raise UsageError("comparing with a git ref or the working tree needs a project",
                         hint="run inside the project or pass --project DIR")
    specs = specs_config(config) if needs_project else None
    current = _start_current(config, specs) if new is None and _current is None else None
    try:
        old_side = _file_side(files[old]) if old in files else _ref_side(config, specs, old, use_cache, _hint)
        if new is None:
            new_side = _Side("working tree", _current if current is None else current.result())
            if locate:
                new_side.files, new_side.base = _export_files(config, specs, new_side.docs)
        elif new in files:
            new_side = _file_side(files[new])
        else:
            new_side = _ref_side(config, specs, new, use_cache, _hint)
            if locate:
                new_side.files, new_side.base = _export_files(config, specs, new_side.docs)
    finally:
        if current is not None:
            current.cancel()
    old_docs, new_docs = _matching_kinds(old_side, new_side, files)
    try:
        findings = tuple(_compare_all(old_docs, new_docs))
        positions = _positions(findings, new_side) if locate else ()
    except (AttributeError, TypeError, KeyError, IndexError, ValueError, RecursionError) as exc:
        if not files:
            raise  # generated documents: a bug of ours, not bad input
        bad = [doc for doc in files.values() if not _compares_with_itself(doc.kind, doc.doc)]
        names = " and ".join(repr(doc.arg) for doc in (bad or files.values()))
        kind = next(iter(files.values())).kind
        raise UsageError(
            f"document file {names} {'is' if len(bad) == 1 else 'are'} not a well-formed {kind} "
            f"document ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'no detail'})",
            hint="check it with a validator for its version; documents generated by the "
            "configured apps compare as they are",
        ) from None
    return SpecDiff(
        findings=findings,
        baseline_ref=old_side.label,
        baseline_commit=old_side.commit,
        kinds=tuple(sorted(old_docs.keys() | new_docs.keys())),
        cached=old_side.cached,
        current=new_side.label if new_side.commit is None else f"{new_side.label} ({new_side.commit[:12]})",
        positions=positions,
    )


def _compares_with_itself(kind: str, doc: dict) -> bool:
    try:
        compare_documents(doc, doc, kind)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError, RecursionError):
        return False
    return True


def _start_current(config: ProjectConfig, specs: SpecsConfig) -> GenerationJob:
    return GenerationJob(config.root, specs, "the working tree")


def _file_side(document) -> _Side:
    return _Side(document.arg, {document.kind: document.doc},
                 files={document.kind: (document.uri, document.text, document.path.suffix)})


def _git(config: ProjectConfig) -> Git:
    return Git(config.root, hint="diff-specs compares with a git ref; run `git init` and commit a baseline")


def _ref_side(config: ProjectConfig, specs: SpecsConfig, ref: str, use_cache: bool,
              hint: str = _REF_HINT) -> _Side:
    commit = quick_resolve(config.root, ref)
    git = None
    if commit is None:
        git = _git(config)
        commit = git.resolve_ref(ref, hint=hint)
    copies = untracked.resolve_copies(config.root, specs.copy_untracked)
    inputs = untracked.digest(copies)
    docs = cache.load(config.root, commit, specs, inputs) if use_cache else None
    if docs is not None:
        return _Side(ref, docs, commit=commit, cached=True)
    git = git or _git(config)
    git.prune_stale_worktrees()  # what runs killed with SIGKILL left behind
    with git.worktree(commit) as checkout:
        tree = checkout / git.rel(config.root)
        tree_specs = tree_specs_config(tree, specs)
        copied = untracked.copy_into(copies, tree)
        label = f"baseline {ref} ({commit[:12]})"
        missing = tuple(c.name for c in copies if not c.exists)
        docs = GenerationJob(tree, tree_specs, label, baseline=True, copied=tuple(copied),
                             missing_copies=missing).result()
    cache.store(config.root, commit, specs, docs, inputs)
    return _Side(ref, docs, commit=commit)


def _export_files(config: ProjectConfig, specs: SpecsConfig,
                  docs: dict[str, dict]) -> tuple[dict[str, tuple[str, str, str]], str]:
    # Generated documents are placed where export-specs writes them, relative to the git root.
    folder = config.root / (specs.out or ".")
    try:
        git = Git(config.root)
        uri, base = {kind: git.rel(folder / f"{kind}.json") for kind in docs}, "SRCROOT"
    except (ConfigError, ValueError):
        uri, base = {kind: (Path(specs.out or ".") / f"{kind}.json").as_posix() for kind in docs}, ""
    return {kind: (uri[kind], canonical_json(doc), ".json") for kind, doc in docs.items()}, base


def _matching_kinds(old: _Side, new: _Side, files: dict) -> tuple[dict, dict]:
    if not files:
        return old.docs, new.docs
    kinds = {doc.kind for doc in files.values()}
    if len(kinds) > 1:
        raise UsageError(
            "the two document files are of different kinds: "
            + ", ".join(f"{doc.arg!r} is {doc.kind}" for doc in files.values()),
            hint="compare an OpenAPI document with an OpenAPI one, AsyncAPI with AsyncAPI",
        )
    kind = kinds.pop()
    for side in (old, new):
        if kind not in side.docs:
            raise UsageError(f"{side.label} has no {kind} document to compare with",
                             hint=f"configure [tool.refactor-tools.specs] {kind} = \"pkg.module:obj\"")
    return {kind: old.docs[kind]}, {kind: new.docs[kind]}


def _positions(findings: tuple[Finding, ...], side: _Side) -> tuple[Position, ...]:
    from .documents import positions_in
    from .locate import line_of

    found = []
    for kind, (uri, text, suffix) in sorted(side.files.items()):
        lines = positions_in(text, suffix)
        for pointer in sorted({f.location for f in findings if f.kind == kind}):
            found.append(Position(kind, pointer, uri, line_of(lines, pointer), side.base))
    return tuple(found)


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
