"""The machine plan: a TOML file of phases, tasks, actions and gates, validated with pydantic.

Public API:
    load_plan(config) -> Plan             read `[tool.refactor-tools] plan`; ConfigError (exit 2)
                                          names the file and the key path on any problem
    parse_plan(text, source) -> Plan      the same from a string (`source` names it in errors)
    Plan.phase(phase_id) / Plan.tasks()   lookups in plan order

Format::

    [plan]
    name = "modular-backend"
    title = "Modular backend"

    [[phases]]
    id = "phase-0"
    title = "Preparation"

    [[phases.tasks]]
    id = "baseline"                 # unique slug
    number = 1                      # 1..N, unique, increasing in plan order
    title = "Pre-Migration Validation"
    actions = [{kind = "baseline"}]
    gates = {tests = false}         # tests: bool; specs: identical|no-breaking|skip;
                                    # boundaries: no-new|strict|skip

Action kinds: move {old, new, shim=true}; remove-shims; scaffold {template, path, values={},
overwrite=false}; codemod {name, options={}}; config {key, value}; baseline.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..config import ProjectConfig
from ..errors import ConfigError
from ..fileio import inside

SLUG = r"^[a-z0-9][a-z0-9-]*$"
Scalar = Union[bool, int, float, str]
# Values of `config` actions: scalars, lists, and (lists of) inline tables such as rules.
ConfigValue = Union[Scalar, list[Union[Scalar, list[Scalar], dict[str, Any]]], dict[str, Any]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MoveAction(_Strict):
    """Move a module or package and rewrite its references."""

    kind: Literal["move"]
    old: str = Field(min_length=1)
    new: str = Field(min_length=1)
    shim: bool = True


class RemoveShimsAction(_Strict):
    """Point importers at the new paths and delete the shims."""

    kind: Literal["remove-shims"]


class ScaffoldAction(_Strict):
    """Write one file from a named template."""

    kind: Literal["scaffold"]
    template: str = Field(min_length=1)
    path: str = Field(min_length=1)
    values: dict[str, Any] = Field(default_factory=dict)
    overwrite: bool = False

    @model_validator(mode="after")
    def _relative(self) -> "ScaffoldAction":
        parts = Path(self.path).parts
        if Path(self.path).is_absolute() or ".." in parts:
            raise ValueError(f"path must be relative to the project and stay inside it, got {self.path!r}")
        return self


class CodemodAction(_Strict):
    """Run a named codemod from the codemod registry."""

    kind: Literal["codemod"]
    name: str = Field(min_length=1)
    options: dict[str, Any] = Field(default_factory=dict)


class ConfigAction(_Strict):
    """Set one key of `[tool.refactor-tools]` in pyproject.toml."""

    kind: Literal["config"]
    key: str = Field(pattern=r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
    value: ConfigValue


class BaselineAction(_Strict):
    """Run the pre-migration baseline (tests, specs export, tag)."""

    kind: Literal["baseline"]


Action = Annotated[
    Union[MoveAction, RemoveShimsAction, ScaffoldAction, CodemodAction, ConfigAction, BaselineAction],
    Field(discriminator="kind"),
]
ACTION_KINDS = ("baseline", "codemod", "config", "move", "remove-shims", "scaffold")


class Gates(_Strict):
    """The checks that must hold after a task."""

    tests: bool = True
    specs: Literal["identical", "no-breaking", "skip"] = "skip"
    boundaries: Literal["no-new", "strict", "skip"] = "skip"


class Task(_Strict):
    """One recorded step of a phase."""

    id: str = Field(pattern=SLUG)
    number: int = Field(ge=1)
    title: str = Field(min_length=1)
    actions: list[Action] = Field(default_factory=list)
    gates: Gates = Field(default_factory=Gates)

    @property
    def is_baseline(self) -> bool:
        """Return True when this task runs the baseline."""
        return any(a.kind == "baseline" for a in self.actions)


class Phase(_Strict):
    """An ordered group of tasks run as one transaction."""

    id: str = Field(pattern=r"^phase-(0|[1-9][0-9]*)$")
    title: str = Field(min_length=1)
    tasks: list[Task] = Field(min_length=1)

    @property
    def index(self) -> int:
        """Return N of `phase-N`."""
        return int(self.id.split("-", 1)[1])


class PlanInfo(_Strict):
    """The `[plan]` table."""

    name: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)


class Plan(_Strict):
    """A whole plan."""

    plan: PlanInfo
    phases: list[Phase] = Field(min_length=1)

    def tasks(self) -> list[tuple[Phase, Task]]:
        """Return every (phase, task) in plan order."""
        return [(phase, task) for phase in self.phases for task in phase.tasks]

    def phase(self, phase_id: str) -> Phase:
        """Return the phase with this id, or raise UsageError listing the known ids."""
        from ..errors import UsageError

        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        known = ", ".join(p.id for p in self.phases)
        raise UsageError(f"unknown phase {phase_id!r}", hint=f"known phases: {known}")

    def task(self, ref: str) -> tuple[Phase, Task]:
        """Return the (phase, task) named by id or number, or raise UsageError."""
        from ..errors import UsageError

        for phase, task in self.tasks():
            if ref in (task.id, str(task.number)):
                return phase, task
        known = ", ".join(f"{t.number}:{t.id}" for _, t in self.tasks())
        raise UsageError(f"unknown task {ref!r}", hint=f"known tasks: {known}")


def _check_semantics(plan: Plan) -> tuple[str, str] | None:
    """Return (key path, message) for the first rule the schema cannot express."""
    seen_ids: dict[str, str] = {}
    expected_number = 1
    for p_index, phase in enumerate(plan.phases):
        if phase.index != p_index:
            return f"phases[{p_index}].id", f"expected 'phase-{p_index}' (phases are numbered from 0 in order), got {phase.id!r}"
        for t_index, task in enumerate(phase.tasks):
            where = f"phases[{p_index}].tasks[{t_index}]"
            if task.id in seen_ids:
                return f"{where}.id", f"duplicate task id {task.id!r} (first used at {seen_ids[task.id]})"
            seen_ids[task.id] = where
            if task.number != expected_number:
                return f"{where}.number", f"expected {expected_number} (numbers run 1..N in plan order), got {task.number}"
            expected_number += 1
            for a_index, action in enumerate(task.actions):
                if action.kind == "baseline" and (p_index, t_index, a_index) != (0, 0, 0):
                    return f"{where}.actions[{a_index}].kind", "'baseline' may only be the first action of phase-0's first task"
    return None


def _key_path(loc: tuple[Any, ...]) -> str:
    out = ""
    previous: Any = None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(previous, int) and part in ACTION_KINDS:
            pass  # pydantic's discriminated-union tag, not a key of the file
        else:
            out += f".{part}" if out else str(part)
        previous = part
    return out


def _format_error(error: dict[str, Any]) -> tuple[str, str]:
    loc = tuple(error["loc"])
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        loc = (*loc, "kind")
        message = f"unknown action kind; expected one of: {', '.join(ACTION_KINDS)}"
        if error["type"] == "union_tag_invalid":
            message = f"unknown action kind {error['input'].get('kind')!r}; expected one of: {', '.join(ACTION_KINDS)}"
        return _key_path(loc), message
    if error["type"] == "extra_forbidden":
        return _key_path(loc), "unknown key (remove it or check its spelling)"
    return _key_path(loc), error["msg"]


def parse_plan(text: str, source: str) -> Plan:
    """Parse and validate a plan from TOML text.

    Args:
        text: the TOML document.
        source: how errors name the file (e.g. `plans/x.toml`).

    Returns:
        The validated plan.

    Raises:
        ConfigError: invalid TOML, schema violation or broken numbering; the message reads
            `<source>: <key path>: <what is wrong>`.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        errors = sorted((_format_error(e) for e in exc.errors()), key=lambda kv: kv[0])
        first_key, first_msg = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(f"{source}: {first_key}: {first_msg}{more}") from None
    problem = _check_semantics(plan)
    if problem:
        raise ConfigError(f"{source}: {problem[0]}: {problem[1]}")
    return plan


def plan_path(config: ProjectConfig) -> Path:
    """Return the plan file's path, or raise ConfigError when none is configured."""
    if not config.plan:
        raise ConfigError(
            "no plan configured",
            file=str(config.pyproject),
            key="tool.refactor-tools.plan",
            hint='set plan = "plans/<name>.toml"',
        )
    return inside(config.root, config.plan, what="[tool.refactor-tools] plan")


def load_plan(config: ProjectConfig) -> Plan:
    """Load the plan named by `[tool.refactor-tools] plan`.

    Raises:
        ConfigError: no plan configured, file missing, or invalid (file and key named).
    """
    path = plan_path(config)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{config.plan}: file not found", hint="check [tool.refactor-tools] plan") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{config.plan}: not UTF-8 text (byte {exc.start}: {exc.reason})",
                          hint="save the plan as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{config.plan}: cannot read the plan ({exc.strerror or exc})") from None
    return parse_plan(text, config.plan or str(path))

