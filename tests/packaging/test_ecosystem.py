"""Pre-commit hooks, the GitHub Action, the dev lock, CI's newest-versions job and the docs."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
import typer
import yaml

from refactor_tools.cli import app

REPO = Path(__file__).resolve().parents[2]
GROUP = typer.main.get_command(app)


def _parses(command_line: str) -> None:
    words = shlex.split(command_line)
    assert words[0] == "refactor-tools"
    name, args = words[1], words[2:]
    GROUP.commands[name].make_context(name, args, parent=GROUP.make_context("refactor-tools", [name]))


def test_pre_commit_hooks_run_check_boundaries_and_diff_specs() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["check-boundaries", "diff-specs"]
    for hook in hooks:
        assert hook["entry"] == f"refactor-tools {hook['id']}"
        assert hook["pass_filenames"] is False  # they check the whole project
        _parses(hook["entry"])
    # diff-specs imports the project's apps: it must run in the project's own environment.
    assert {h["id"]: h["language"] for h in hooks} == {"check-boundaries": "python", "diff-specs": "system"}


def test_action_is_composite_and_runs_check_boundaries_with_github_annotations() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"project", "python-version", "args"}
    runs = [step["run"] for step in action["runs"]["steps"] if "run" in step]
    check = [r for r in runs if "check-boundaries" in r]
    assert len(check) == 1 and "check-boundaries --format github" in check[0]
    _parses("refactor-tools " + check[0].split("refactor-tools\" ", 1)[1].replace(" $ARGS", "").strip("'"))
    for script in runs:  # inputs reach scripts through env, never pasted into the script
        assert "${{" not in script


def test_make_install_uses_the_lock_and_ci_also_runs_without_it() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "CONSTRAINTS ?= constraints.txt" in makefile
    assert "-c $(CONSTRAINTS)" in makefile and "-e distributions/trading-api" in makefile
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "") for s in workflow["jobs"]["newest-dependencies"]["steps"]]
    assert "make install CONSTRAINTS=" in steps and "make test" in steps
    assert workflow["jobs"]["action"]["steps"][-1]["uses"] == "./"


def _requirement_names(pyproject: Path) -> set[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    specs = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        specs += extra
    return {re.split(r"[\s\[<>=!~;]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs}


def test_lock_pins_every_dependency_and_names_no_host_or_path() -> None:
    lines = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+!\-]+", line) for line in pins), pins
    text = "\n".join(lines)
    assert "/work" not in text and "/root" not in text and "://" not in text and "@" not in text
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in pins}
    wanted = _requirement_names(REPO / "pyproject.toml") | _requirement_names(
        REPO / "distributions" / "trading-api" / "pyproject.toml"
    )
    assert wanted - pinned == set(), "run `make lock` to pin them"
    assert not {"refactor-tools", "trading-api", "trading-api-refactor"} & pinned


def test_configuration_reference_is_generated_from_the_models() -> None:
    from refactor_tools.schema_docs import render_reference

    committed = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert committed == render_reference(), (
        "regenerate: python -m refactor_tools.schema_docs > docs/configuration.md"
    )


def test_plan_action_reference_documents_every_kind_and_key() -> None:
    from refactor_tools.driver import plan

    text = (REPO / "docs" / "plan-actions.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([a-z-]+)` \| ([^|]*) \|", text, re.M)}
    models = {
        model.model_fields["kind"].annotation.__args__[0]: model
        for model in typing_args(plan.Action)
    }
    assert set(models) == set(plan.ACTION_KINDS) <= set(rows)
    for kind, model in models.items():
        for key in set(model.model_fields) - {"kind"}:
            assert f"`{key}`" in rows[kind], f"docs/plan-actions.md: document {kind!r} key {key!r}"
    for gate in plan.Gates.model_fields:
        assert f"| `{gate}` |" in text


def typing_args(annotated: object) -> list:
    import typing

    union = typing.get_args(annotated)[0]
    return list(typing.get_args(union))


@pytest.mark.parametrize("step", ["init", "baseline", "run", "remove-shims"])
def test_user_guide_walks_init_baseline_plan_run_remove_shims(step: str) -> None:
    guide = (REPO / "docs" / "user-guide.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## [1-9]\. (\S+)", guide, re.M)
    assert headings == ["init:", "baseline:", "plan:", "run:", "remove-shims:"]
    assert f"refactor-tools {step}" in guide


def test_readme_keeps_its_two_commands_first() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```bash\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in first_block.splitlines()] == [["make", "demo"], ["make", "test"]]
