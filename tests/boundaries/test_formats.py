"""Output formats: JSON, GitHub annotations, SARIF 2.1.0; byte-identical across runs."""

from __future__ import annotations

import json
import shutil

import pytest

from refactor_tools.boundaries import FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
def test_ten_runs_are_byte_identical(project, run, fmt):
    root = project("transitive")
    (root / "src/shop/modules/alpha/jobs").mkdir()
    (root / "src/shop/modules/alpha/jobs/x.py").write_text("import shop.modules.beta\n")
    outputs = set()
    for attempt in range(10):
        if attempt % 3 == 0:
            shutil.rmtree(root / ".refactor-tools", ignore_errors=True)  # cold and warm runs alike
        result = run(root, "--format", fmt)
        assert result.code == 1
        outputs.add(result.out)
    assert len(outputs) == 1
    text = outputs.pop()
    assert str(root) not in text  # paths are relative to the project root


def test_identical_output_in_a_fresh_process_and_elsewhere_on_disk(project, run, run_subprocess, tmp_path):
    first = project("siblings")
    second = tmp_path / "copy" / "siblings"
    shutil.copytree(first, second)
    for fmt in FORMATS:
        assert run(first, "--format", fmt).out == run_subprocess(second, "--format", fmt).out


def test_json_report(project, run):
    data = json.loads(run(project("transitive"), "--format", "json").out)
    assert data["ok"] is False
    assert data["counts"] == {
        "baselined": 0, "baselined_guards": 0, "guards": 0, "modules": 10, "new": 1, "rejected": 0, "stale": 0,
        "stale_guards": 0, "violations": 1, "warnings": 0,
    }
    (violation,) = data["new"]
    assert violation["statement"] == "from shop.shared import tools"
    assert [(h["path"], h["line"]) for h in violation["chain"]] == [
        ("src/shop/modules/alpha/api.py", 3),
        ("src/shop/shared/tools.py", 3),
        ("src/shop/shared/registry.py", 5),
    ]
    assert data["rules"][0]["mode"] == "transitive"


def test_github_annotations(project, run):
    out = run(project("siblings"), "--format", "github").out.splitlines()
    assert out[0] == (
        "::error file=src/shop/modules/alpha/api.py,line=5,title=[module-siblings]::"
        "shop.modules.alpha.api -> shop.modules.beta.service%0Afrom shop.modules.beta.service import ("
        "%0A    BetaService,%0A    make_beta,%0A)"
    )
    assert out[1].startswith("::error file=src/shop/modules/beta/api.py,line=3,title=[module-siblings]::")
    assert out[-1].startswith("FAILED: 2 new violations")


def test_sarif_log(project, run):
    root = project("baseline")
    assert run(root, "--update-baseline", "--allow-growth").code == 0
    api = root / "src/shop/modules/alpha/api.py"
    api.write_text(api.read_text().replace("from shop.modules.beta.api import router\n", "import shop.modules.beta\n"))
    log = json.loads(run(root, "--format", "sarif").out)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (sarif_run,) = log["runs"]
    rules = [r["id"] for r in sarif_run["tool"]["driver"]["rules"]]
    assert rules == ["module-siblings", "shared-no-modules", "skipped-file", "syntax-error"]
    states = sorted((r["baselineState"], r["level"], r["ruleId"]) for r in sarif_run["results"])
    assert states == [
        ("absent", "error", "module-siblings"),
        ("new", "error", "module-siblings"),
        ("unchanged", "note", "module-siblings"),
    ]
    new = next(r for r in sarif_run["results"] if r["baselineState"] == "new")
    location = new["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "src/shop/modules/alpha/api.py", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 4},
    }
    assert new["ruleIndex"] == 0


def test_text_caps_details_but_keeps_the_counts(project, run):
    root = project("siblings")
    out = run(root, "--max-details", "1").out
    assert out.splitlines()[1] == "violations: 2 (new 2, baselined 0); stale baseline entries: 0; guards: 0"
    assert "src/shop/modules/alpha/api.py:5:" in out
    assert "src/shop/modules/beta/api.py:3:" not in out
    assert "... 1 more items not shown (raise --max-details)" in out


def test_thousands_of_violations_summary_first_details_capped(tmp_path, run):
    root = tmp_path / "big"
    package = root / "src" / "shop" / "modules"
    for name in ("alpha", "beta"):
        (package / name).mkdir(parents=True)
        (package / name / "__init__.py").write_text("")
    (root / "src" / "shop" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    for index in range(40):
        (package / "beta" / f"b{index}.py").write_text("")
        body = "".join(f"import shop.modules.beta.b{j}\n" for j in range(40))
        (package / "alpha" / f"a{index}.py").write_text(body)
    (root / "pyproject.toml").write_text(
        '[tool.refactor-tools]\npackage = "shop"\nsource = "src"\n\n'
        '[[tool.refactor-tools.boundaries.rules]]\nid = "siblings"\nfrom = "modules.{m}.**"\n'
        'forbid = ["modules.{other}.**"]\n'
    )
    result = run(root, "--max-details", "25")
    lines = result.out.splitlines()
    assert lines[1] == "violations: 1600 (new 1600, baselined 0); stale baseline entries: 0; guards: 0"
    assert sum(1 for line in lines if line.startswith("src/shop/modules/alpha/")) == 25
    assert "... 1575 more items not shown (raise --max-details)" in lines
    assert lines[-1].startswith("FAILED: 1600 new violations")
    annotations = run(root, "--format", "github", "--max-details", "10").out.splitlines()
    assert len([a for a in annotations if a.startswith("::error")]) == 10
    assert "::warning::1590 more annotations not shown (raise --max-details)" in annotations
