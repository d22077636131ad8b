"""Plan actions: a registry from action kind to function, and the built-in kinds.

Public API:
    ActionContext(config, dry_run=False, phase="", task="", tag=None)
    ActionResult(kind, summary, changed=(), notes=(), tags_created=())
    register_action(kind)            decorator: `fn(ctx, action) -> ActionResult` for a kind
    apply_action(ctx, action)        dispatch one validated plan action
    register_codemod(name, target)   target: "module:function" or a callable
                                     `function(config, options, dry_run) -> result`
    known_codemods()                 sorted names

Built-in kinds: `move` / `remove-shims` (refactor_tools.codemods.move / remove_shims),
`scaffold` (refactor_tools.scaffold.render(template, values, root=project) -> str, written
to `path`),
`codemod` (the one codemod registry, `refactor_tools.codemods.registry`; the driver adds
`record-boundaries-baseline` to it), `config` (edits `[tool.refactor-tools]` in pyproject.toml
in place) and `baseline` (see `baseline.run_baseline_action`). A codemod returns a
`CodemodResult` (or an ActionResult); anything else is a ConfigError naming the type.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol

from ..adapters import pyproject
from ..codemod_result import CodemodResult
from ..codemods import registry as codemod_registry
from ..config import TABLE, ProjectConfig
from ..errors import ConfigError
from ..fileio import inside, write_atomic


@dataclass(frozen=True)
class ActionContext:
    """What an action may use: the project, dry-run flag, where in the plan it runs."""

    config: ProjectConfig
    dry_run: bool = False
    phase: str = ""
    task: str = ""
    tag: str | None = None  # baseline tag override (the `baseline --tag` option)


@dataclass(frozen=True)
class ActionResult:
    """What one action did, for the live view, the JSON result and the progress entry."""

    kind: str
    summary: str
    changed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    tags_created: tuple[str, ...] = ()
    details: tuple[str, ...] = field(default=(), compare=False)
    config_changed: bool = field(default=False, compare=False)  # pyproject's table was edited


class TemplateRenderer(Protocol):
    """What the scaffold action needs from `refactor_tools.scaffold`."""

    def render(self, template: str, values: Mapping[str, Any], *, root: Path | None = None) -> str:
        """Return the file text of `template` filled with `values` (project templates under root)."""


ActionFn = Callable[[ActionContext, Any], ActionResult]
_ACTIONS: dict[str, ActionFn] = {}


def register_action(kind: str) -> Callable[[ActionFn], ActionFn]:
    """Register `fn(ctx, action) -> ActionResult` as the implementation of an action kind."""

    def decorate(fn: ActionFn) -> ActionFn:
        _ACTIONS[kind] = fn
        return fn

    return decorate


def apply_action(ctx: ActionContext, action: Any) -> ActionResult:
    """Run one plan action.

    Raises:
        ConfigError: no implementation is registered for the action's kind.
        RefactorToolsError: whatever the action raises (the runner restores the tree).
    """
    try:
        fn = _ACTIONS[action.kind]
    except KeyError:
        raise ConfigError(f"no implementation registered for action kind {action.kind!r}") from None
    return fn(ctx, action)


def register_codemod(name: str, target: str | Callable[..., Any]) -> None:
    """Make `codemod` actions named `name` call `target(config, options, dry_run)`."""
    codemod_registry.register(name, target)


def known_codemods() -> list[str]:
    """Return the names `codemod` actions may use, sorted."""
    return codemod_registry.names()


def summarize(kind: str, result: CodemodResult | ActionResult) -> ActionResult:
    """Turn a codemod's result into the ActionResult the runner records."""
    if isinstance(result, ActionResult):
        return result
    if not isinstance(result, CodemodResult):
        raise ConfigError(f"{kind}: the codemod returned {type(result).__name__}, not a CodemodResult")
    summary = result.summary
    if result.left_as_is:
        summary += f"; {len(result.left_as_is)} use(s) left as they were"
    return ActionResult(kind, summary, tuple(sorted(set(result.changed))), result.notes, details=result.left_as_is)


def _changed_summary(default: str, changed: tuple[str, ...]) -> str:
    return f"{default}: {len(changed)} file(s) changed" if changed else default


def move_outcome(result: Any, default: str) -> CodemodResult:
    """Return the CodemodResult of a `codemods.move` result (MoveResult)."""
    changed = tuple(sorted({*result.changed_files, *result.created_files,
                            *(p for pair in result.moved_files for p in pair)}))
    return CodemodResult(_changed_summary(default, changed), changed,
                         left_as_is=tuple(str(r) for r in result.references))


def remove_shims_outcome(result: Any, default: str) -> CodemodResult:
    """Return the CodemodResult of a `codemods.remove_shims` result (RemoveShimsResult)."""
    changed = tuple(sorted({*result.changed_files, *result.removed_files}))
    return CodemodResult(_changed_summary(default, changed), changed,
                         left_as_is=tuple(str(r) for r in result.references))


@register_action("move")
def _move(ctx: ActionContext, action: Any) -> ActionResult:
    from .. import codemods

    result = codemods.move(ctx.config, action.old, action.new, shim=action.shim, dry_run=ctx.dry_run)
    shim = " (shim left)" if action.shim else ""
    return summarize("move", move_outcome(result, f"moved {action.old} -> {action.new}{shim}"))


@register_action("remove-shims")
def _remove_shims(ctx: ActionContext, action: Any) -> ActionResult:
    from .. import codemods

    result = codemods.remove_shims(ctx.config, dry_run=ctx.dry_run)
    return summarize("remove-shims", remove_shims_outcome(result, "removed shims"))


def _renderer() -> TemplateRenderer:
    try:
        return importlib.import_module("refactor_tools.scaffold")  # type: ignore[return-value]
    except ModuleNotFoundError as exc:
        raise ConfigError(f"scaffold templates are not available ({exc})") from None


@register_action("scaffold")
def _scaffold(ctx: ActionContext, action: Any) -> ActionResult:
    target = inside(ctx.config.root, action.path, what="scaffold path")
    if action.template.endswith(".tmpl"):
        inside(ctx.config.root, action.template, what="scaffold template")
    if target.exists() and not action.overwrite:
        raise ConfigError(
            f"scaffold target {action.path} already exists",
            hint="set overwrite = true on the action to replace it",
        )
    text = _renderer().render(action.template, dict(action.values), root=ctx.config.root)
    if not ctx.dry_run:
        write_atomic(target, text)
    verb = "rewrote" if target.exists() and action.overwrite else "wrote"
    return ActionResult("scaffold", f"{verb} {action.path} from template {action.template!r}", (action.path,))


@register_action("codemod")
def _codemod(ctx: ActionContext, action: Any) -> ActionResult:
    fn = codemod_registry.lookup(action.name)
    return summarize("codemod", fn(ctx.config, dict(action.options), ctx.dry_run))


@register_action("config")
def _config(ctx: ActionContext, action: Any) -> ActionResult:
    *table, key = action.key.split(".")
    path = ctx.config.pyproject
    text = pyproject.read_text(path)
    new = pyproject.set_key(text, [*TABLE.split("."), *table], key, action.value)
    changed = new != text
    if changed and not ctx.dry_run:
        write_atomic(path, new)
    shown = pyproject.toml_value(action.value)
    summary = f"set {action.key} = {shown}" if changed else f"{action.key} already {shown}"
    paths = (path.relative_to(ctx.config.root).as_posix(),) if changed else ()
    return ActionResult("config", summary, paths, config_changed=changed)


register_codemod("record-boundaries-baseline", "refactor_tools.driver.record_baseline:codemod")
