"""The driver wired to the real codemods, scaffold templates, specs diff, boundaries and plugin."""

from __future__ import annotations

import json

from refactor_tools.codemods import registry as codemod_registry
from refactor_tools.driver import actions
from tests.helpers import plan_after_baseline

EXTRA_CONFIG = """
[tool.refactor-tools.app]
legacy = "tinyapp.main:app"
factory = "tinyapp.factory:create_app"
source = "legacy"

[tool.refactor-tools.specs]
openapi = "tinyapp.main:app"

[tool.refactor-tools.boundaries]
exempt = ["main"]

[[tool.refactor-tools.boundaries.rules]]
id = "nothing-imports-main"
from = "**"
forbid = ["main"]
"""

FACTORY_TEMPLATE = '''"""The app factory: a fresh app on every call."""

from fastapi import FastAPI

from tinyapp.shared.greeting import greet


def create_app(enabled_modules=None):
    """Return a new app serving ${what}."""
    app = FastAPI(title="Tiny", version="1.0.0")

    @app.get("/health")
    def health() -> dict[str, str]:
        """Report that the app is up."""
        return {"status": "ok"}

    @app.get("/greet/{name}")
    def greeting(name: str) -> dict[str, str]:
        """Greet someone."""
        return {"message": greet(name)}

    return app
'''

PLAN = plan_after_baseline("tiny-real", "Tiny migration with the real tools", """
[[phases]]
id = "phase-1"
title = "Restructure"

[[phases.tasks]]
id = "move-greeting"
number = 2
title = "Move greeting to shared"
actions = [{kind = "move", old = "tinyapp.greeting", new = "tinyapp.shared.greeting", shim = true}]
gates = {tests = true, specs = "identical", boundaries = "no-new"}

[[phases.tasks]]
id = "factory"
number = 3
title = "Scaffold the app factory"
actions = [{kind = "scaffold", template = "plans/templates/factory.py.tmpl", path = "src/tinyapp/factory.py", values = {what = "every route"}}]
gates = {tests = true, specs = "identical"}

[[phases.tasks]]
id = "remove-shims"
number = 4
title = "Remove the shims"
actions = [{kind = "remove-shims"}, {kind = "config", key = "app.source", value = "factory"}]
gates = {tests = true, specs = "identical", boundaries = "strict"}
""")

FIXTURE_TEST = """def test_health_through_the_fixture(client):
    assert client.get("/health").json() == {"status": "ok"}
"""


def _real_project(project, plan=PLAN):
    tiny = project(plan=plan)
    tiny.write("pyproject.toml", tiny.read("pyproject.toml") + EXTRA_CONFIG)
    tiny.write("plans/templates/factory.py.tmpl", FACTORY_TEMPLATE)
    tiny.write("tests/test_fixture.py", FIXTURE_TEST)
    tiny.commit_all("configure the real tools")
    return tiny


def test_real_move_scaffold_specs_boundaries_and_both_app_sources(project, cli):
    tiny = _real_project(project)
    code, out, err = cli("run", "--all", "--format", "json", "--project", str(tiny.root))
    assert code == 0, err + out
    phases = json.loads(out)["phases"]
    tasks = {t["task"]: t for p in phases for t in p["tasks"]}
    gates = {name: {g["name"]: g for g in t["gates"]} for name, t in tasks.items()}
    assert gates["move-greeting"]["tests"]["summary"] == "4 passed"
    assert gates["move-greeting"]["specs"]["summary"] == "identical vs tiny-baseline"
    assert gates["move-greeting"]["boundaries"]["summary"] == "0 new, 0 known violation(s)"
    # once the factory exists, one pytest process runs every app test against both app sources
    assert gates["factory"]["tests"]["summary"] == "legacy: 1 passed; factory: 1 passed; without the app: 3 passed"
    assert "--app-source" in gates["factory"]["tests"]["metrics"]["command"]
    assert gates["remove-shims"]["boundaries"]["summary"] == "0 violation(s), 0 in the baseline (strict)"
    assert (tiny.root / "src/tinyapp/shared/greeting.py").is_file()
    assert not (tiny.root / "src/tinyapp/greeting.py").exists()  # the shim is gone
    assert "from tinyapp.shared.greeting import greet" in tiny.read("src/tinyapp/main.py")
    assert "Return a new app serving every route." in tiny.read("src/tinyapp/factory.py")
    assert 'source = "factory"' in tiny.read("pyproject.toml")
    code, out, err = cli("status", "--verify", "--project", str(tiny.root))
    assert code == 0, err
    assert not tiny.repo.is_dirty(untracked_files=True)


def _remove_greet_route(config, options, dry_run):
    path = config.root / "src/tinyapp/main.py"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split('@app.get("/greet/{name}")')[0], encoding="utf-8")
    return actions.ActionResult("codemod", "removed the greet route", ("src/tinyapp/main.py",))


def test_breaking_spec_change_fails_the_specs_gate_and_restores(project, cli, monkeypatch):
    monkeypatch.setitem(codemod_registry._TABLE, "remove-greet-route-for-tests", _remove_greet_route)
    plan = PLAN.split("[[phases.tasks]]\nid = \"move-greeting\"")[0] + """[[phases.tasks]]
id = "drop-route"
number = 2
title = "Drop a route"
actions = [{kind = "codemod", name = "remove-greet-route-for-tests"}]
gates = {tests = false, specs = "identical"}
"""
    tiny = _real_project(project, plan)
    assert cli("run", "phase-0", "--project", str(tiny.root))[0] == 0
    start, before = tiny.head(), tiny.snapshot()
    code, out, err = cli("run", "phase-1", "--project", str(tiny.root))
    assert code == 1
    assert "phase-1 failed: task 2 'Drop a route': gate specs: breaking vs tiny-baseline" in err
    assert "/greet/{name}" in err
    assert tiny.head() == start and tiny.snapshot() == before
