"""diff-specs over a real git repository: tags, cache, unknown refs, import errors, cleanup."""

from __future__ import annotations

import json

import pytest

from refactor_tools.cli import main
from refactor_tools.config import load_config
from refactor_tools.specs import SpecGenerationError, diff_specs
from refactor_tools.specs import api as specs_api


def test_unchanged_tree_is_identical(project, capsys):
    code = main(["diff-specs", "--project", str(project.root), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert (code, out["verdict"], out["findings"]) == (0, "identical", [])
    assert out["baseline"]["ref"] == "v1"
    assert len(project.worktrees()) == 1


def test_removed_route_is_breaking_and_the_second_run_reads_the_cache(project, capsys):
    project.write_main(routes="")
    first = diff_specs(load_config(project.root))
    second = diff_specs(load_config(project.root))
    assert (first.cached, second.cached) == (False, True)
    assert first.findings == second.findings
    assert first.verdict == "breaking"
    assert [(f.rule, f.location) for f in first.findings if f.severity == "breaking"] == [
        ("path-removed", "/paths/~1items")]
    assert (project.root / ".refactor-tools/specs-cache" / first.baseline_commit / "openapi.json").is_file()
    assert main(["diff-specs", "--project", str(project.root)]) == 1
    assert "[path-removed] breaking (request): GET /items: path /items removed" in capsys.readouterr().out
    assert main(["diff-specs", "--project", str(project.root), "--fail-on", "none"]) == 0
    assert len(project.worktrees()) == 1


def test_asyncapi_payload_change_is_classified_as_response(project):
    project.write_main(item_fields="price: float\n")
    diff = diff_specs(load_config(project.root))
    got = {(f.kind, f.rule, f.severity, f.direction) for f in diff.findings}
    assert ("asyncapi", "response-property-added", "non-breaking", "response") in got
    assert ("openapi", "response-property-added", "non-breaking", "response") in got
    assert diff.verdict == "non-breaking"


def test_project_in_a_subdirectory_of_the_repository(project, capsys):
    (project.root / "svc").mkdir()
    for name in ("pyproject.toml", "src"):
        project.repo.git.mv(name, f"svc/{name}")
    project.commit("move the project into svc/", tag="v2")
    code = main(["diff-specs", "--project", str(project.root / "svc"), "--baseline", "v2",
                 "--format", "json"])
    assert (code, json.loads(capsys.readouterr().out)["verdict"]) == (0, "identical")


def test_unknown_ref_is_a_usage_error_listing_refs(project, capsys):
    project.repo.create_tag("v2")
    code = main(["diff-specs", "--project", str(project.root), "--baseline", "v9"])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown git ref 'v9'. Known tags and branches: main, v1, v2" in err


def test_no_baseline_configured_or_given(project, capsys):
    text = (project.root / "pyproject.toml").read_text().replace('baseline = "v1"\n', "")
    (project.root / "pyproject.toml").write_text(text)
    assert main(["diff-specs", "--project", str(project.root)]) == 2
    assert "no baseline ref" in capsys.readouterr().err


def test_baseline_that_fails_to_import_exits_3_with_its_error(project, capsys):
    project.write_main(extra_imports="import specs_no_such_module_xyz")
    project.commit("broken", tag="broken")
    project.write_main()
    code = main(["diff-specs", "--project", str(project.root), "--baseline", "broken"])
    err = capsys.readouterr().err
    assert code == 3
    assert "could not generate the documents of baseline broken" in err
    assert "ModuleNotFoundError: No module named 'specs_no_such_module_xyz'" in err
    assert len(project.worktrees()) == 1


def test_current_tree_that_fails_to_import_exits_3(project, capsys):
    project.write_main(extra_imports="raise RuntimeError('tiny app is broken')")
    assert main(["diff-specs", "--project", str(project.root)]) == 3
    assert "RuntimeError: tiny app is broken" in capsys.readouterr().err


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_worktree_is_removed_when_the_run_fails_midway(project, monkeypatch, error):
    seen = []

    def explode(tree, fallback):
        seen.append(tree)
        assert len(project.worktrees()) == 2  # the baseline worktree exists right now
        raise error

    monkeypatch.setattr(specs_api, "tree_specs_config", explode)
    with pytest.raises(type(error)):
        diff_specs(load_config(project.root))
    assert len(project.worktrees()) == 1
    assert seen and not seen[0].exists() and not seen[0].parent.exists()


def test_generation_error_type_carries_exit_code_3():
    assert SpecGenerationError("x").exit_code == 3
