"""Plan validation: every bad plan exits 2 naming the file and the key path."""

from __future__ import annotations

import pytest

from refactor_tools.driver.plan import parse_plan
from refactor_tools.errors import ConfigError

HEAD = """
[plan]
name = "p"
title = "P"
"""


def phase(index: int, tasks: str, title: str = "Phase") -> str:
    return f'\n[[phases]]\nid = "phase-{index}"\ntitle = "{title}"\n{tasks}'


def task(number: int, actions: str = "[]", extra: str = "", slug: str | None = None) -> str:
    slug = slug or f"t{number}"
    return f'\n[[phases.tasks]]\nid = "{slug}"\nnumber = {number}\ntitle = "Task {number}"\nactions = {actions}\n{extra}'


GOOD = HEAD + phase(0, task(1, '[{kind = "baseline"}]', "gates = {tests = false}") + task(2)) + phase(
    1, task(3, '[{kind = "move", old = "a.b", new = "c.b"}, {kind = "config", key = "app.source", value = "factory"}]')
)


def test_good_plan_parses_with_defaults():
    plan = parse_plan(GOOD, "plans/x.toml")
    assert [p.id for p in plan.phases] == ["phase-0", "phase-1"]
    move = plan.phases[1].tasks[0].actions[0]
    assert (move.kind, move.old, move.new, move.shim) == ("move", "a.b", "c.b", True)
    gates = plan.phases[1].tasks[0].gates
    assert (gates.tests, gates.specs, gates.boundaries) == (True, "skip", "skip")
    assert plan.phases[0].tasks[0].is_baseline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + phase(0, task(1)) + phase(1, task(2)) + phase(2, task(3, '[{kind = "config", key = "a", value = 1}, {kind = "mov"}]')),
            "plans/x.toml: phases[2].tasks[0].actions[1].kind: unknown action kind 'mov'",
        ),
        (HEAD + phase(0, task(1, '[{kind = "move", old = "a"}]')), "plans/x.toml: phases[0].tasks[0].actions[0].new: Field required"),
        (HEAD + phase(0, task(1, '[{kind = "remove-shims", force = true}]')), "plans/x.toml: phases[0].tasks[0].actions[0].force: unknown key"),
        (HEAD + phase(0, task(1, extra='gates = {specs = "same"}')), "plans/x.toml: phases[0].tasks[0].gates.specs: Input should be 'identical', 'no-breaking' or 'skip'"),
        (HEAD + phase(0, task(1, extra='gates = {boundaries = "loose"}')), "plans/x.toml: phases[0].tasks[0].gates.boundaries:"),
        (HEAD + phase(0, task(1) + task(2, slug="t1")), "plans/x.toml: phases[0].tasks[1].id: duplicate task id 't1'"),
        (HEAD + phase(0, task(1) + task(3)), "plans/x.toml: phases[0].tasks[1].number: expected 2"),
        (HEAD + phase(1, task(1)), "plans/x.toml: phases[0].id: expected 'phase-0'"),
        (HEAD + phase(0, task(1) + task(2, '[{kind = "baseline"}]')), "plans/x.toml: phases[0].tasks[1].actions[0].kind: 'baseline' may only be"),
        (HEAD + phase(0, task(1, '[{kind = "scaffold", template = "t", path = "../x.py"}]')), "plans/x.toml: phases[0].tasks[0].actions[0]: Value error, path must be relative"),
        (HEAD + phase(0, task(1, '[{kind = "config", key = "app..source", value = 1}]')), "plans/x.toml: phases[0].tasks[0].actions[0].key:"),
        (HEAD + phase(0, task(1, slug="Bad Slug")), "plans/x.toml: phases[0].tasks[0].id: String should match pattern"),
        (HEAD + '\n[[phases]]\nid = "phase-0"\ntitle = "P"\ntasks = []\n', "plans/x.toml: phases[0].tasks: List should have at least 1 item"),
        ("[plan]\nname = \"p\"\n", "plans/x.toml: phases: Field required"),
        ("[plan\n", "plans/x.toml: invalid TOML:"),
    ],
)
def test_bad_plan_names_file_and_key(text, expected):
    with pytest.raises(ConfigError) as info:
        parse_plan(text, "plans/x.toml")
    assert info.value.exit_code == 2
    assert info.value.message.startswith(expected), info.value.message


def test_cli_exits_2_naming_file_and_key(project, cli):
    tiny = project(plan=GOOD.replace('kind = "move"', 'kind = "moove"'))
    code, out, err = cli("status", "--project", str(tiny.root))
    assert code == 2
    assert out == ""
    assert "error: plans/plan.toml: phases[1].tasks[0].actions[0].kind: unknown action kind 'moove'" in err


def test_cli_missing_plan_file(project, cli):
    tiny = project()
    (tiny.root / "plans" / "plan.toml").unlink()
    code, _, err = cli("run", "phase-0", "--project", str(tiny.root))
    assert code == 2
    assert "plans/plan.toml: file not found" in err
