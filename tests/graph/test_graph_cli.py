"""`refactor-tools graph` on the two asset projects: golden outputs, options and errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from refactor_tools.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = [
    (name, fmt)
    for name in ("clean", "violations")
    for fmt in ("mermaid", "dot", "html")
]
SUFFIX = {"mermaid": "mmd", "dot": "dot", "html": "html"}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_output_equals_golden_file(asset, capsys, name, fmt):
    project = asset(name)
    code, out, err = run(capsys, "graph", "--project", str(project), "--format", fmt)
    assert code == 0, err
    assert out == (GOLDEN / f"{name}.{SUFFIX[fmt]}").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "html"])
def test_same_input_same_bytes_with_and_without_cache(asset, capsys, fmt):
    project = asset("violations")
    first = run(capsys, "graph", "--project", str(project), "-f", fmt, "--no-cache")
    second = run(capsys, "graph", "--project", str(project), "-f", fmt)
    third = run(
        capsys, "graph", "--project", str(project), "-f", fmt
    )  # answered from the cache
    assert first == second == third
    assert first[0] == 0


def test_violating_edges_are_red_with_rule_id_and_known_ones_dashed(asset, capsys):
    _, dot, _ = run(capsys, "graph", "--project", str(asset("violations")), "-f", "dot")
    edges = {
        line.split(" [")[0].strip(): line for line in dot.splitlines() if "->" in line
    }
    known = edges['"modules.alpha" -> "modules.beta"']
    assert (
        "module-siblings (known)" in known
        and "style=dashed" in known
        and "#d32f2f" in known
    )
    new = edges['"shared" -> "modules.alpha"']
    assert "shared-no-modules" in new and "#d32f2f" in new and "dashed" not in new
    allowed = edges['"shared" -> "models"']
    assert "#d32f2f" not in allowed and 'label="1 import"' in allowed


def test_clean_project_has_no_red_edge(asset, capsys):
    project = str(asset("clean"))
    outputs = {
        fmt: run(capsys, "graph", "--project", project, "-f", fmt)
        for fmt in ("mermaid", "dot", "html")
    }
    assert all(code == 0 for code, _, _ in outputs.values())
    assert "linkStyle" not in outputs["mermaid"][1]
    assert "#d32f2f" not in outputs["dot"][1]
    assert (
        'class="edge violation' not in outputs["html"][1]
        and 'class="violation"' not in outputs["html"][1]
    )


def test_edge_weight_counts_imported_names(asset, capsys):
    project = asset("clean")
    api = project / "src/shop/shared/hub.py"
    api.write_text(
        api.read_text() + "\nfrom shop.models.item import Item as Again\n",
        encoding="utf-8",
    )
    _, out, _ = run(capsys, "graph", "--project", str(project), "-f", "mermaid")
    shared_to_models = [
        line
        for line in out.splitlines()
        if line.startswith("    n4 -->") and line.endswith(" n1")
    ]
    assert shared_to_models == ['    n4 -->|"2 imports"| n1']


def test_focus_keeps_one_group_and_its_edges(asset, capsys):
    code, out, _ = run(
        capsys,
        "graph",
        "--project",
        str(asset("violations")),
        "-f",
        "dot",
        "--focus",
        "shared",
    )
    assert code == 0
    sources_targets = re.findall(
        r'^    "([^"]+)" -> "([^"]+)"', out, flags=re.MULTILINE
    )
    assert sources_targets == [
        ("modules.alpha", "shared"),
        ("shared", "models"),
        ("shared", "modules.alpha"),
    ]


def test_depth_groups_by_name_segments(asset, capsys):
    code, out, _ = run(
        capsys,
        "graph",
        "--project",
        str(asset("violations")),
        "-f",
        "dot",
        "--depth",
        "1",
    )
    assert code == 0
    assert '"modules";' in out and '"modules.alpha"' not in out
    assert '"shared" -> "modules" [label="1 import · shared-no-modules"' in out
    assert '"modules" -> "modules"' not in out  # imports inside one group are not edges


def test_unknown_focus_names_the_known_groups(asset, capsys):
    code, _, err = run(
        capsys,
        "graph",
        "--project",
        str(asset("violations")),
        "--focus",
        "modules.alph",
    )
    assert code == 2
    assert "--focus 'modules.alph' names no module or layer of 'shop'" in err
    assert "Did you mean 'modules.alpha'?" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--depth", "0"], "--depth must be at least 1, got 0"),
        (["--format", "png"], "'png' is not one of 'mermaid', 'dot', 'svg', 'html'"),
    ],
)
def test_bad_options_exit_2(asset, capsys, args, message):
    code, _, err = run(capsys, "graph", "--project", str(asset("clean")), *args)
    assert code == 2
    assert message in err


def test_svg_without_graphviz_exits_2_with_install_hint(asset, capsys, monkeypatch):
    monkeypatch.setenv("PATH", "")
    code, out, err = run(capsys, "graph", "--project", str(asset("clean")), "-f", "svg")
    assert code == 2 and out == ""
    assert "needs the Graphviz 'dot' program" in err
    assert "apt-get install graphviz" in err


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_svg_with_graphviz(asset, capsys):
    code, out, err = run(
        capsys, "graph", "--project", str(asset("violations")), "-f", "svg"
    )
    assert code == 0, err
    assert "<svg" in out
    assert "shared&#45;no&#45;modules" in out or "shared-no-modules" in out


def test_out_writes_the_file(asset, capsys, tmp_path):
    target = tmp_path / "graph.html"
    code, out, err = run(
        capsys,
        "graph",
        "--project",
        str(asset("clean")),
        "-f",
        "html",
        "--out",
        str(target),
    )
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"wrote {target}" in err


def test_html_page_is_self_contained(asset, capsys):
    _, page, _ = run(
        capsys, "graph", "--project", str(asset("violations")), "-f", "html"
    )
    assert "<script" not in page and "http://" not in page.replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert "https://" not in page and "<link" not in page


def test_html_renders_in_chromium(asset, capsys, chromium, tmp_path):
    target = tmp_path / "graph.html"
    assert (
        main(
            [
                "graph",
                "--project",
                str(asset("violations")),
                "-f",
                "html",
                "--out",
                str(target),
            ]
        )
        == 0
    )
    page = chromium(target, "graph")
    assert page.console == []
    assert page.dom.count('class="node"') == 5
    assert page.dom.count('class="edge violation') == 3
    assert "shared-no-modules" in page.dom
    assert page.screenshot.is_file() and page.screenshot.stat().st_size > 0
