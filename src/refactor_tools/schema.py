"""The `[tool.refactor-tools]` table as pydantic models: one schema for every key.

Every table forbids unknown keys (with a "did you mean" hint), values are checked strictly the
way TOML spells them (`"yes"` is not a boolean), and the JSON schema shipped beside this module
(`config_schema.json`, for editors and for `docs/configuration.md`) is generated from these
models; `tests/schema` keeps the three equal. A key the harness grows is added here first.

Public API:
    validate_table(table, pyproject) -> RefactorToolsConfig   (raises ConfigError)
    json_schema() -> dict
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

TABLE = "tool.refactor-tools"
SCHEMA_FILE = Path(__file__).with_name("config_schema.json")


class Expect:
    """Field metadata: how an error message describes a valid value ("true or false")."""

    def __init__(self, text: str) -> None:
        self.text = text


_REF = r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$"
ObjectRef = Annotated[str, Field(pattern=_REF), Expect('"package.module:object"')]
Flag = Annotated[bool, Expect("true or false")]
Text = Annotated[str, Expect("a string")]
Strings = Annotated[list[str], Expect("a list of strings")]
Patterns = Annotated[str | list[str], Expect("a list of patterns")]
Env = Annotated[dict[str, str], Expect('a table of string values, e.g. { ENVIRONMENT = "local" }')]
Scope = Annotated[Literal["function", "module", "session"], Expect("'function', 'module' or 'session'")]


def _kebab(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


class _Table(BaseModel):
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, alias_generator=_kebab
    )


class AppTable(_Table):
    """`[tool.refactor-tools.app]`: the apps the pytest plugin's fixtures serve."""

    legacy: ObjectRef | None = Field(None, description='The global app, e.g. "app.main:app".')
    factory: ObjectRef | None = Field(None, description='The app factory, e.g. "app.app_factory:create_app".')
    source: Annotated[Literal["legacy", "factory"], Expect("'legacy' or 'factory'")] = Field(
        "legacy", description="What the `app` fixture serves; `pytest --app-source` overrides it."
    )
    modules: Strings | None = Field(None, description="Module names (default: the packages under <package>.modules).")
    client_scope: Scope = Field(
        "function", description="Scope of `client` and `<module>_client` (at most app-scope).")
    app_scope: Scope = Field(
        "function", description="Scope of `app`, `app_factory_kwargs`, `module_app` and `<module>_app`.")
    fixture_prefix: Text = Field(
        "", description='Put before every fixture name of the plugin, e.g. "rt_" beside pytest-django\'s `client`.')


class SpecsTable(_Table):
    """`[tool.refactor-tools.specs]`: the objects whose OpenAPI/AsyncAPI documents are compared."""

    openapi: ObjectRef | None = Field(None, description="A FastAPI app (its .openapi() is exported).")
    asyncapi: ObjectRef | None = Field(None, description="An object with an .asyncapi() method.")
    out: Annotated[str, Expect("a directory path")] | None = Field(None, description="Where export-specs writes (default: the project root).")
    env: Env = Field(default_factory=dict, description="Environment of spec generation (both sides), over the shared env-file and env; part of the cache key.")
    copy_untracked: Strings = Field(default_factory=list, description="Untracked files copied into the baseline worktree, e.g. [\".env\"].")
    timeout: Annotated[float, Field(ge=0), Expect("a number of seconds (0 = no limit)")] = Field(
        300, description="Seconds one generation subprocess may take; its process group is killed after it. 0 = no limit."
    )


class RuleTable(_Table):
    """One `[[tool.refactor-tools.boundaries.rules]]` entry."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"), Expect("a short name such as 'module-siblings'")] = Field(
        description="The rule's name in reports and the baseline file."
    )
    from_: Annotated[str, Expect("a pattern")] = Field(description='Importers the rule applies to, e.g. "modules.{m}.**".')
    allow: Patterns | None = Field(None, description="The only modules they may import (besides their own).")
    forbid: Patterns | None = Field(None, description='Modules they may not import, e.g. ["modules.{other}.**"].')
    mode: Annotated[Literal["direct", "transitive"], Expect("'direct' or 'transitive'")] = Field(
        "direct", description="transitive: also forbid indirect imports (one chain is reported)."
    )
    strict: Flag = Field(False, description="Also count imports inside functions.")
    type_checking: Flag = Field(True, alias="type_checking", description="Count imports under `if TYPE_CHECKING:`.")
    description: Text = Field("", description="Shown with each violation.")


class BoundariesTable(_Table):
    """`[tool.refactor-tools.boundaries]`: import rules checked by `check-boundaries`."""

    baseline: Annotated[str, Expect("a file path relative to the project")] = Field(
        ".refactor-tools/boundaries-baseline.json", description="The file of known violations (it only shrinks)."
    )
    exempt: Patterns = Field(default_factory=list, description='Modules no rule applies to, e.g. ["main"].')
    exclude: Strings = Field(default_factory=list, description='Paths not analysed and not guarded, e.g. ["alembic/**"].')
    skipped_files: Annotated[Literal["error", "warn"], Expect("'error' or 'warn'")] = Field(
        "error", description="Files the import graph skipped: fail, or only warn."
    )
    rules: list[RuleTable] = Field(default_factory=list, description="The rules.")


class DriverTable(_Table):
    """`[tool.refactor-tools.driver]`: how `run` and `baseline` run the project's tests."""

    pytest_args: Strings | None = Field(None, description="Arguments of the tests gate (default: the project's own addopts).")
    app_sources: Annotated[list[Literal["legacy", "factory"]], Expect("a list of 'legacy' and 'factory'")] = Field(
        default_factory=lambda: ["legacy", "factory"], description="App sources the tests gate runs against once a factory exists."
    )
    timeout: Annotated[float, Field(ge=0), Expect("a number of seconds (0 = no limit)")] = Field(
        1800, description="Seconds per gate; 0 = no limit."
    )
    workers: Annotated[Literal["project", "auto"] | Annotated[int, Field(ge=0)],
                       Expect('"project", "auto" or a number >= 0')] = Field(
        "project", description="pytest-xdist workers of the tests gate: the project's own choice, auto, or N."
    )
    skip_unchanged: Flag = Field(True, description="Skip a gate whose inputs did not change since it last passed.")
    commit_hooks: Flag = Field(False, description=(
        "Run the project's git hooks on the commits of a phase run; a hook that refuses a commit fails the "
        "task and the tree is restored. Off by default: hooks are often slow or rewrite files, on two "
        "commits per task."))
    overlap_specs: Flag = Field(True, description=(
        "Generate the working tree's specs while the tests gate's suite runs; the documents are used only when "
        "the tree git sees and the generation settings are unchanged after the suite, else they are generated "
        "again. false: one after the other (a suite that writes ignored files the app reads on import)."))
    lookahead: Flag = Field(False, description=(
        "While a task's gates run, apply the next task (of the phase or, under run --all, the next phase's "
        "first) in a scratch worktree and run its tests stage there; the real task's gates are then skipped "
        "when its tree, configuration and environment are the ones verified (as skip-unchanged, which it "
        "needs). Only for suites that share nothing outside the tree: not one database or a fixed port."))


class GateCommand(_Table):
    """One `[[tool.refactor-tools.gates.commands]]` entry."""

    name: Text = Field(description='Its name in reports, e.g. "ruff".')
    command: Text = Field(description='The shell command, e.g. "ruff check .".')
    run: Annotated[Literal["gate", "before-tests", "with-tests"],
                   Expect("'gate', 'before-tests' or 'with-tests'")] = Field(
        "gate", description="gate: after the tests; before-tests: first; with-tests: while the suite runs "
                            "(again after it if the suite changed the tree), reported after it."
    )
    timeout: Annotated[float, Field(ge=0), Expect("a number of seconds (0 = no limit)")] | None = Field(
        None, description="Seconds for this command (default: driver.timeout)."
    )


class CoverageTable(_Table):
    """`[tool.refactor-tools.gates.coverage]`: the coverage gate against the baseline."""

    tolerance: Annotated[float, Field(ge=0, le=100), Expect("percentage points between 0 and 100")] = Field(
        0.0, description="How many percentage points coverage may drop below the baseline's."
    )


class GatesTable(_Table):
    """`[tool.refactor-tools.gates]`: extra gates run after every task."""

    commands: list[GateCommand] = Field(default_factory=list, description="Command gates.")
    coverage: CoverageTable | None = None


class CodemodsTable(_Table):
    """`[tool.refactor-tools.codemods]`: what runs after a codemod changed files."""

    after: Strings = Field(default_factory=list, description='Commands run on the changed files, e.g. "ruff format {files}".')


class RefactorToolsConfig(_Table):
    """`[tool.refactor-tools]` in a project's pyproject.toml."""

    package: Annotated[str | list[str], Field(min_length=1), Expect("the root package's dotted name")] = Field(
        description='The root package, e.g. "app", or a list: ["app", "scripts"].'
    )
    source: Annotated[str, Expect("a directory path")] = Field(".", description="The directory that holds the package.")
    plan: Text | None = Field(None, description='The machine plan, e.g. "plans/modular.toml".')
    progress: Text | None = Field(None, description="The Markdown plan whose progress section the driver rewrites.")
    baseline: Text | None = Field(None, description='The baseline git ref (a tag), e.g. "pre-modular-baseline".')
    env_file: Annotated[str, Expect("a file path")] | None = Field(
        None, description="Loaded for gates, spec generation and the baseline, e.g. \".env\"."
    )
    env: Env = Field(default_factory=dict, description="Fixed environment values; they override env-file.")
    app: AppTable | None = None
    specs: SpecsTable | None = None
    boundaries: BoundariesTable | None = None
    driver: DriverTable | None = None
    gates: GatesTable | None = None
    codemods: CodemodsTable | None = None


def json_schema() -> dict[str, Any]:
    """Return the JSON schema of `[tool.refactor-tools]` (keys as written in TOML)."""
    schema = RefactorToolsConfig.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "[tool.refactor-tools]"
    return schema


def validate_table(table: dict[str, Any], pyproject: Path | str) -> RefactorToolsConfig:
    """Check a `[tool.refactor-tools]` table against the models.

    Raises:
        ConfigError: naming the first bad key (with "did you mean" for an unknown one); the
            message lists any further problems.
    """
    try:
        return RefactorToolsConfig.model_validate(table)
    except ValidationError as exc:
        problems: dict[str, tuple[str, str, str | None]] = {}
        for error in exc.errors():
            problem = _problem(error)
            problems.setdefault(problem[0], problem)  # a union reports one key once per branch
    (key, message, hint), *more = [problems[k] for k in sorted(problems)]
    if more:
        message += "".join(f"\n  also [{k}]: {m}" + (f" ({h})" if h else "") for k, m, h in more)
    raise ConfigError(message, file=str(pyproject), key=key, hint=hint)


def _problem(error: dict[str, Any]) -> tuple[str, str, str | None]:
    loc = tuple(part for part in error["loc"] if not _is_branch(part))
    key = TABLE + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), TABLE)
    value = error.get("input")
    if error["type"] == "extra_forbidden":
        known = _known_keys(loc[:-1])
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
        return key, f"unknown key {name!r}", hint
    if error["type"] == "missing":
        return key, f"missing {name!r}", None
    if error["type"] in ("model_type", "dict_type") and _model_at(loc) is not None:
        return key, f"{name!r} must be a table, got {value!r}", None
    field_loc, expect = _expectation(loc)
    if expect:
        field_name = next(str(p) for p in reversed(field_loc) if isinstance(p, str))
        if field_loc != loc:  # an item of a list or table: show the whole value
            key = TABLE + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in field_loc)
        return key, f"{field_name!r} must be {expect}, got {_value_at(error, loc, field_loc)!r}", None
    return key, f"{name!r}: {error['msg'][0].lower()}{error['msg'][1:]}, got {value!r}", None


def _is_branch(part: Any) -> bool:
    # Union branches appear in locations as "str", "list[str]", "function-after[...]".
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "float", "bool", "list", "dict"})


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = RefactorToolsConfig
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = _field(model, part)
        model = _submodel(field.annotation) if field else None
    return model


def _field(model: type[BaseModel], key: str):
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _submodel(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for inner in getattr(annotation, "__args__", ()):
        found = _submodel(inner)
        if found:
            return found
    return None


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    model = _model_at(loc)
    if model is None:
        return []
    return sorted(field.alias or name for name, field in model.model_fields.items())


def _expectation(loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str | None]:
    """Return the location of the deepest field on `loc` and its Expect text."""
    model: type[BaseModel] | None = RefactorToolsConfig
    found: tuple[tuple[Any, ...], str | None] = (loc, None)
    for index, part in enumerate(loc):
        if isinstance(part, int) or model is None:
            continue
        field = _field(model, part)
        if field is None:
            break
        texts = [meta.text for meta in _metadata(field) if isinstance(meta, Expect)]
        found = (loc[: index + 1], texts[0] if texts else None)
        model = _submodel(field.annotation)
    return found


def _value_at(error: dict[str, Any], loc: tuple[Any, ...], field_loc: tuple[Any, ...]) -> Any:
    # The error's input is the innermost value; for an item, name the item's key or index.
    if field_loc == loc:
        return error.get("input")
    inner = "".join(f"[{p!r}]" for p in loc[len(field_loc):])
    return _Shown(f"{error.get('input')!r} at {inner}")


class _Shown(str):
    def __repr__(self) -> str:
        return str(self)


def _metadata(field) -> list[Any]:
    found = list(field.metadata)
    for inner in getattr(field.annotation, "__args__", ()):
        found.extend(getattr(inner, "__metadata__", ()))
    return found
