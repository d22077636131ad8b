"""export-specs: canonical, byte-stable files; --check; configuration errors."""

from __future__ import annotations

import json

import pytest

from refactor_tools.cli import main
from refactor_tools.config import load_config
from refactor_tools.specs import canonical_json, export_specs, generate_specs


def test_export_writes_both_documents_canonically(project, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export-specs", "--project", str(project.root), "--out", str(out)]) == 0
    assert capsys.readouterr().out == (f"written: {out / 'asyncapi.json'}\n"
                                       f"written: {out / 'openapi.json'}\n")
    openapi = (out / "openapi.json").read_text(encoding="utf-8")
    doc = json.loads(openapi)
    assert doc["info"]["title"] == "Tiny"
    assert openapi == canonical_json(doc)
    assert openapi.startswith('{\n  "components": {') and openapi.endswith("}\n")
    assert json.loads((out / "asyncapi.json").read_text())["asyncapi"] == "3.0.0"


def test_export_is_byte_stable_and_reports_unchanged(project, tmp_path):
    config = load_config(project.root)
    first = export_specs(config, tmp_path / "a")
    second = export_specs(config, tmp_path / "a")
    third = export_specs(config, tmp_path / "b")
    assert [f.status for f in first.files] == ["written", "written"]
    assert [f.status for f in second.files] == ["unchanged", "unchanged"]
    for kind in ("openapi", "asyncapi"):
        assert (tmp_path / "a" / f"{kind}.json").read_bytes() == (
            tmp_path / "b" / f"{kind}.json").read_bytes()
    assert first.ok and third.ok


def test_export_json_format(project, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["export-specs", "--project", str(project.root), "--out", str(out), "--format", "json"]
    assert main([*args, "--check"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == {"check": True, "ok": False, "files": [
        {"kind": "asyncapi", "path": str(out / "asyncapi.json"), "status": "missing"},
        {"kind": "openapi", "path": str(out / "openapi.json"), "status": "missing"}]}


def test_export_defaults_to_the_configured_out_dir(project):
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'out = "specs"\n')
    result = export_specs(load_config(project.root))
    assert [f.path for f in result.files] == [project.root / "specs" / "asyncapi.json",
                                              project.root / "specs" / "openapi.json"]
    assert all(f.path.is_file() for f in result.files)


def test_check_names_missing_and_differing_files(project, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export-specs", "--project", str(project.root), "--out", str(out), "--check"]) == 1
    assert f"missing: {out / 'openapi.json'}" in capsys.readouterr().out
    assert not out.exists()
    main(["export-specs", "--project", str(project.root), "--out", str(out)])
    capsys.readouterr()
    assert main(["export-specs", "--project", str(project.root), "--out", str(out), "--check"]) == 0
    capsys.readouterr()
    project.write_main(routes="")
    assert main(["export-specs", "--project", str(project.root), "--out", str(out), "--check"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (f"unchanged: {out / 'asyncapi.json'}\n"
                            f"differs: {out / 'openapi.json'}\n")
    assert "out of date" in captured.err


def test_generate_specs_runs_the_trees_code(project):
    docs = generate_specs(project.root, load_config(project.root))
    assert sorted(docs) == ["asyncapi", "openapi"]
    assert "/items" in docs["openapi"]["paths"]


@pytest.mark.parametrize(("specs", "message"), [
    ('openapi = "specs_tiny_app.main"', "'openapi' must be \"package.module:object\", got "
                                        "'specs_tiny_app.main'"),
    ('openapi = 3', "'openapi' must be \"package.module:object\", got 3"),
    ('asyncapi = "a:b"\nserver = "x"', "unknown key 'server'\nHint: known keys: asyncapi, copy-untracked, env, openapi, out"),
    ('', "no document configured"),
])
def test_bad_specs_table_is_a_config_error(project, capsys, specs, message):
    pyproject = project.root / "pyproject.toml"
    head = pyproject.read_text().split("[tool.refactor-tools.specs]")[0]
    pyproject.write_text(head + "[tool.refactor-tools.specs]\n" + specs + "\n")
    assert main(["export-specs", "--project", str(project.root)]) == 2
    err = capsys.readouterr().err
    assert "[tool.refactor-tools.specs" in err and message in err


def test_object_without_the_method_is_a_generation_error(project, capsys):
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("main:ws", "main:app"))
    assert main(["export-specs", "--project", str(project.root), "--out", str(project.root / "o")]) == 3
    err = capsys.readouterr().err
    assert "specs_tiny_app.main:app: a FastAPI object has no .asyncapi() method" in err
    assert not (project.root / "o").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "yaml"], "'yaml' is not one of 'text', 'json', 'markdown', 'github'"),
    (["--fail-on", "all"], "'all' is not one of 'breaking', 'potentially-breaking', 'any', 'none'"),
])
def test_bad_diff_options_are_usage_errors(project, capsys, args, message):
    assert main(["diff-specs", "--project", str(project.root), *args]) == 2
    assert message in capsys.readouterr().err
