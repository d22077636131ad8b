"""What `init` writes: a commented `[tool.refactor-tools]` table and a starter plan.

Both are rendered from a ProjectLayout as text, so the comments say why each value is there;
the plan has one module per router file found in the code.
"""

from __future__ import annotations

from ..effective import toml_value
from .inspect import ProjectLayout

PLAN = "plans/modular.toml"
PROGRESS = "plans/MODULAR_IMPL.md"
BASELINE_TAG = "pre-modular-baseline"


def _line(key: str, value: object, comment: str) -> str:
    text = f"{key} = {toml_value(value)}"
    return f"{text:<40} # {comment}" if len(text) < 40 else f"# {comment}\n{text}"


def render_table(layout: ProjectLayout) -> str:
    """Return the `[tool.refactor-tools]` tables for the project, with comments."""
    out = [
        "# refactor-tools: written by `refactor-tools init`; every key is described in",
        "# docs/configuration.md of refactor-tools. `refactor-tools config` shows what is in force.",
        "[tool.refactor-tools]",
        _line("package", layout.package, "the root package"),
        _line("source", layout.source, "the directory that holds it"),
        _line("plan", PLAN, "the machine plan: phases, tasks, gates"),
        _line("progress", PROGRESS, "the human plan; its progress section is rewritten"),
        _line("baseline", BASELINE_TAG, "the git tag `refactor-tools baseline` creates"),
    ]
    if layout.env_file:
        out.append(_line("env-file", layout.env_file, "loaded for gates, spec generation, baseline"))
    out += ["", "[tool.refactor-tools.app]                # what the pytest plugin's fixtures serve"]
    if layout.legacy_app:
        out.append(_line("legacy", layout.legacy_app, "the global app the tests use today"))
    if layout.factory:
        out.append(_line("factory", layout.factory, "the app factory"))
    else:
        out.append(f'# factory = "{layout.package}.app_factory:create_app"  # once the plan has created it')
    source = "legacy" if layout.legacy_app else "factory"
    out.append(_line("source", source, "pytest --app-source legacy|factory overrides"))
    out += ["", "[tool.refactor-tools.specs]              # documents compared with the baseline"]
    out.append(_line("openapi", layout.legacy_app or layout.factory, "a FastAPI app: its OpenAPI document"))
    out.append('# asyncapi = "pkg.module:object"        # an object with an .asyncapi() method')
    if layout.env_file:
        out.append(_line("copy-untracked", [layout.env_file], "copied into the baseline worktree"))
    out += ["", "[tool.refactor-tools.boundaries]         # import rules: the plan adds them"]
    excluded = [f"{path}/**" for path in (layout.alembic, *layout.data) if path]
    if excluded:
        out.append(_line("exclude", excluded, "not analysed, no guard (migrations, data)"))
    out.append(_line("baseline", "plans/boundaries-baseline.json", "known violations; only shrinks"))
    out += ["", "[tool.refactor-tools.driver]"]
    out.append("# pytest-args = []                       # default: the project's own addopts")
    out.append(_line("timeout", 1800, "seconds per gate"))
    return "\n".join(out) + "\n"


def module_names(layout: ProjectLayout) -> list[tuple[str, str]]:
    """Return (router module, module name) pairs: one module per router file, names unique."""
    pairs: list[tuple[str, str]] = []
    used: set[str] = set()
    for router in layout.routers:
        parts = router.split(".")
        name = parts[-1]
        depth = 2
        while (name in used or name in {"api", "main", "routes", "router", "routers"}) and depth <= len(parts):
            name = "_".join(parts[-depth:])
            depth += 1
        if name in used:
            continue
        used.add(name)
        pairs.append((router, name.replace("-", "_")))
    return pairs


def _task(number: int, slug: str, title: str, actions: list[str], gates: str) -> list[str]:
    out = ["[[phases.tasks]]", f'id = "{slug}"', f"number = {number}", f"title = {toml_value(title)}"]
    out.append("actions = [")
    out += [f"  {action}," for action in actions]
    out += ["]", f"gates = {gates}", ""]
    return out


def render_plan(layout: ProjectLayout) -> str:
    """Return a starter plan: baseline, fixtures, kernel, one module per router, rules, clean-up."""
    package_path = f"{layout.source}/{layout.package.replace('.', '/')}".removeprefix("./")
    safe = '{ tests = true, specs = "identical", boundaries = "skip" }'
    guarded = '{ tests = true, specs = "identical", boundaries = "no-new" }'
    tests = layout.tests or "tests"
    out = [
        "# A starter plan written by `refactor-tools init`: review it, then `refactor-tools run phase-0`.",
        "# Actions: docs/plan-actions.md of refactor-tools. Module paths are relative to the package.",
        "",
        "[plan]",
        'name = "modular"',
        f"title = {toml_value(f'Modular {layout.package}')}",
        "",
        "[[phases]]",
        'id = "phase-0"',
        'title = "Preparation"',
        "",
    ]
    number = 1
    out += _task(number, "baseline", "Pre-migration validation", ['{ kind = "baseline" }'], safe)
    number += 1
    out += _task(number, "tests-use-fixtures", "Rewrite the tests to use the fixtures", [
        f'{{ kind = "codemod", name = "tests-use-fixtures", options = {{ roots = [{toml_value(tests)}] }} }}'
    ], safe)
    out += ["[[phases]]", 'id = "phase-1"', 'title = "Infrastructure"', ""]
    number += 1
    out += [
        "# The built-in module_interface and module_registry templates (docs/plan-actions.md) write",
        "# the Trading API's module protocol and registry; add them here with your project's values,",
        "# or scaffold your own .tmpl files, once the modules below exist.",
    ]
    out += _task(number, "packages", "Create the shared/ and modules/ packages", [
        f'{{ kind = "scaffold", template = "package_init", path = "{package_path}/shared/__init__.py", '
        'values = { docstring = "Always-loaded kernel: what every module may use." } }',
        f'{{ kind = "scaffold", template = "package_init", path = "{package_path}/modules/__init__.py", '
        'values = { docstring = "Feature modules: each sub-package is one module." } }',
    ], safe)
    modules = module_names(layout)
    if modules:
        out += ["[[phases]]", 'id = "phase-2"', 'title = "Modules"', "",
                "# One module per router file; move each module's service code next to it as well."]
        for router, name in modules:
            number += 1
            out += _task(number, f"module-{name.replace('_', '-')}", f"Move {router} into modules/{name}", [
                f'{{ kind = "move", old = "{router}", new = "modules.{name}.api", shim = true }}'
            ], safe)
    phase = 2
    if modules:  # a rule over modules.{m} needs modules to match
        phase += 2
        out += ["[[phases]]", 'id = "phase-3"', 'title = "Import rules"', ""]
        number += 1
        out += _task(number, "import-rules", "Modules never import each other", [
            '{ kind = "config", key = "boundaries.rules", value = [{ id = "module-siblings", '
            'from = "modules.{m}.**", forbid = ["modules.{other}.**"] }] }',
            '{ kind = "codemod", name = "record-boundaries-baseline" }',
        ], guarded)
    out += ["[[phases]]", f'id = "phase-{phase}"', 'title = "Clean-up"', ""]
    number += 1
    out += _task(number, "remove-shims", "Remove the shims", ['{ kind = "remove-shims" }'],
                 guarded if modules else safe)
    return "\n".join(out).rstrip("\n") + "\n"
