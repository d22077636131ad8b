"""The one codemod registry: the names plan `codemod` actions may use.

Public API:
    CodemodFn                      `fn(config, options, dry_run) -> CodemodResult`
    register(name, target)         add a codemod (a callable or "module:function")
    names()                        the registered names, sorted
    lookup(name) -> CodemodFn      the codemod, loaded on first use

Every built-in codemod lives in this package and returns one `CodemodResult`; layers above
(the driver) register theirs with `register`, so there is one table, not one per slice.
An unknown name is a ConfigError that suggests the closest known names.
"""

from __future__ import annotations

import difflib
import importlib
from typing import Any, Callable

from ..codemod_result import CodemodResult
from ..errors import ConfigError

CodemodFn = Callable[[Any, dict[str, Any], bool], CodemodResult]

# Built-ins are named by "module:function" so that listing names imports nothing heavy.
_TABLE: dict[str, str | CodemodFn] = {
    "move-files": "refactor_tools.codemods.move_files:codemod",
    "tests-use-fixtures": "refactor_tools.codemods.tests_use_fixtures:codemod",
}


def register(name: str, target: str | CodemodFn) -> None:
    """Make `codemod` actions named `name` call `target(config, options, dry_run)`.

    Raises:
        ConfigError: `name` is empty or `target` is neither callable nor "module:function".
    """
    if not name or not name.strip():
        raise ConfigError("a codemod needs a non-empty name")
    if not callable(target) and (not isinstance(target, str) or ":" not in target):
        raise ConfigError(f"codemod {name!r}: target {target!r} is neither a callable nor 'module:function'")
    _TABLE[name] = target


def names() -> list[str]:
    """Return the registered codemod names, sorted."""
    return sorted(_TABLE)


def lookup(name: str) -> CodemodFn:
    """Return the codemod registered as `name`, importing it on first use.

    Raises:
        ConfigError: no codemod has that name (the hint lists the closest names, then all),
            or its "module:function" cannot be loaded.
    """
    try:
        target = _TABLE[name]
    except KeyError:
        close = difflib.get_close_matches(name, _TABLE, n=3, cutoff=0.6)
        guess = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        raise ConfigError(
            f"unknown codemod {name!r}",
            hint=f"{guess}known codemods: {', '.join(names())}",
        ) from None
    if callable(target):
        return target
    module_name, _, attr = target.partition(":")
    try:
        fn = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"codemod {name!r}: cannot load {target!r} ({exc})") from None
    _TABLE[name] = fn
    return fn
