"""diff-specs OLD NEW (files and refs), operation names, SARIF 2.1.0 and JUnit XML."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from refactor_tools.cli import main
from refactor_tools.specs import compare_documents
from refactor_tools.specs.locate import line_of, pointer_lines

FILES = Path(__file__).resolve().parents[1] / "assets" / "specs" / "files"


@pytest.fixture
def files(tmp_path: Path, monkeypatch) -> Path:
    """The two OpenAPI files in a folder that is no project; the cwd is that folder."""
    root = tmp_path / "files"
    shutil.copytree(FILES, root)
    monkeypatch.chdir(root)
    return root


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["diff-specs", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_two_files_need_no_project_and_name_operations(files, capsys):
    code, out, _ = _cli(capsys, "old_openapi.json", "new_openapi.json", "--format", "json")
    data = json.loads(out)
    assert (code, data["verdict"], data["current"]) == (1, "breaking", "new_openapi.json")
    assert data["baseline"] == {"commit": None, "ref": "old_openapi.json"}
    ops = {(f["rule"], f["operation"]) for f in data["findings"]}
    assert ("path-removed", "GET /api/v1/legacy") in ops
    assert ("new-required-parameter", "GET /api/v1/items") in ops
    assert ("annotation-changed", "GET /api/v1/items/{id}") in ops


@pytest.mark.parametrize(("args", "named"), [
    (["missing.json", "new_openapi.json"], "'missing.json' does not exist"),
    (["old_openapi.json", "nope/new.yaml"], "'nope/new.yaml' does not exist"),
    (["old_openapi.json", "."], "'.' is not a file"),
])
def test_bad_paths_exit_2_naming_them(files, capsys, args, named):
    code, _, err = _cli(capsys, *args)
    assert code == 2
    assert named in err


def test_a_file_that_is_not_a_document_exits_2(files, capsys):
    (files / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    (files / "broken.json").write_text("{", encoding="utf-8")
    code, _, err = _cli(capsys, "notes.json", "new_openapi.json")
    assert code == 2 and "'notes.json' is neither an OpenAPI nor an AsyncAPI document" in err
    code, _, err = _cli(capsys, "broken.json", "new_openapi.json")
    assert code == 2 and "'broken.json' is not valid JSON" in err


def test_documents_of_different_kinds_exit_2(files, capsys):
    (files / "ws.json").write_text(json.dumps({"asyncapi": "3.0.0", "info": {}}), encoding="utf-8")
    code, _, err = _cli(capsys, "old_openapi.json", "ws.json")
    assert code == 2
    assert "'old_openapi.json' is openapi" in err and "'ws.json' is asyncapi" in err


def test_yaml_files_compare_like_json(files, capsys):
    yaml = pytest.importorskip("yaml")
    for name in ("old_openapi", "new_openapi"):
        doc = json.loads((files / f"{name}.json").read_text())
        (files / f"{name}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    as_json = _cli(capsys, "old_openapi.json", "new_openapi.json", "--format", "json")[1]
    code, as_yaml, _ = _cli(capsys, "old_openapi.yaml", "new_openapi.yaml", "--format", "json")
    assert code == 1
    assert json.loads(as_yaml)["findings"] == json.loads(as_json)["findings"]
    sarif = json.loads(_cli(capsys, "old_openapi.yaml", "new_openapi.yaml", "--format", "sarif")[1])
    lines = (files / "new_openapi.yaml").read_text().splitlines()
    for result in sarif["runs"][0]["results"]:
        if result["ruleId"] == "new-required-parameter":
            line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
            assert lines[line - 1].strip() == "parameters:"


def test_old_given_twice_is_a_usage_error(files, capsys):
    code, _, err = _cli(capsys, "old_openapi.json", "--baseline", "v1")
    assert code == 2 and "the old side is given twice" in err


def test_a_file_against_the_working_tree_and_a_ref_against_a_file(project, capsys, tmp_path):
    exported = tmp_path / "exported"
    assert main(["export-specs", "--project", str(project.root), "--out", str(exported)]) == 0
    capsys.readouterr()
    project.write_main(routes="")
    old = str(exported / "openapi.json")
    code, out, _ = _cli(capsys, old, "--project", str(project.root), "--format", "json")
    data = json.loads(out)
    assert (code, data["kinds"]) == (1, ["openapi"])
    assert [(f["rule"], f["operation"]) for f in data["findings"] if f["severity"] == "breaking"] == [
        ("path-removed", "GET /items")]

    code, out, _ = _cli(capsys, "v1", old, "--project", str(project.root), "--format", "json")
    assert (code, json.loads(out)["verdict"]) == (0, "identical")
    code, _, err = _cli(capsys, "v9", old, "--project", str(project.root))
    assert code == 2 and "unknown git ref 'v9'" in err and "ends in .json" in err


def test_sarif_locates_generated_documents_where_export_specs_writes_them(project, capsys):
    project.write_main(item_fields="price: float\n")
    code, out, _ = _cli(capsys, "--project", str(project.root), "--format", "sarif")
    log = json.loads(out)
    assert (code, log["version"], log["$schema"].endswith("sarif-2.1.0.json")) == (0, "2.1.0", True)
    (run,) = log["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == sorted(set(rules)) and "response-property-added" in rules
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert physical["artifactLocation"]["uri"] in ("openapi.json", "asyncapi.json")
        assert physical["region"]["startLine"] > 1
    names = {r["locations"][0]["logicalLocations"][0]["name"] for r in run["results"]
             if r["properties"]["document"] == "openapi"}
    assert names and names <= {"GET /items", "GET /items/{item_id}"}
    asyncapi = {r["locations"][0]["logicalLocations"][0]["name"] for r in run["results"]
                if r["properties"]["document"] == "asyncapi"}
    assert asyncapi == {"SEND items.update"}


def test_junit_has_a_suite_per_document_and_a_failing_case_per_breaking_kind(project, capsys):
    project.write_main(routes="", item_fields="price: float\n")
    code, out, _ = _cli(capsys, "--project", str(project.root), "--format", "junit")
    assert code == 1
    suites = ET.fromstring(out)
    assert suites.tag == "testsuites"
    by_doc = {suite.get("name"): suite for suite in suites}
    assert sorted(by_doc) == ["asyncapi", "openapi"]
    cases = {case.get("name"): case for case in by_doc["openapi"].iter("testcase")}
    assert cases["path-removed"].find("failure").get("type") == "breaking"
    assert cases["response-property-added"].find("failure") is None
    assert int(suites.get("failures")) == sum(int(s.get("failures")) for s in suites)
    code, out, _ = _cli(capsys, "--project", str(project.root), "--format", "junit", "--fail-on", "any")
    assert ET.fromstring(out).find(".//testcase[@name='response-property-added']/failure") is not None


def test_junit_of_identical_documents_has_one_passing_case_each(project, capsys):
    code, out, _ = _cli(capsys, "--project", str(project.root), "--format", "junit")
    suites = ET.fromstring(out)
    assert code == 0 and suites.get("failures") == "0"
    assert [c.get("name") for c in suites.iter("testcase")] == ["identical", "identical"]


def test_component_findings_name_the_operations_that_use_them():
    from refactor_tools.specs.model import Finding
    from refactor_tools.specs.operations import name_operations

    def doc(extra: dict) -> dict:
        item = {"type": "object", "properties": {"id": {"type": "integer"}, **extra}}
        ref = {"$ref": "#/components/schemas/Item"}
        ok = {"200": {"description": "OK", "content": {"application/json": {"schema": ref}}}}
        return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                "paths": {f"/r{i}": {"get": {"responses": ok}} for i in range(5)},
                "components": {"schemas": {"Item": item, "Unused": {"type": "string"}}}}

    old, new = doc({}), doc({"name": {"type": "string"}})
    del new["components"]["schemas"]["Unused"]
    found = {(f.rule, f.operation) for f in compare_documents(old, new, "openapi")}
    # A shared schema's change is reported where it is first used; an unused one names nothing.
    assert found == {("response-property-added", "GET /r0"), ("component-removed", "")}
    at_component = Finding("openapi", "/components/schemas/Item", "x", "info", "none", "m")
    (named,) = name_operations([at_component], "openapi", old, new)
    assert named.operation == "GET /r0, GET /r1, GET /r2 (+2 more)"


def test_asyncapi_findings_name_action_and_operation():
    def doc(payload: dict) -> dict:
        return {
            "asyncapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "channels": {"ws": {"address": "/ws", "messages": {
                "quotes.update": {"$ref": "#/components/messages/quotes.update"}}}},
            "operations": {"quotes.update": {"action": "send", "channel": {"$ref": "#/channels/ws"},
                                             "messages": [{"$ref": "#/channels/ws/messages/quotes.update"}]}},
            "components": {"messages": {"quotes.update": {"payload": payload}}},
        }

    old = doc({"type": "object", "properties": {"bid": {"type": "number"}}, "required": ["bid"]})
    new = doc({"type": "object", "properties": {}})
    findings = compare_documents(old, new, "asyncapi")
    assert findings and {f.operation for f in findings} == {"SEND quotes.update"}


def test_pointer_lines_of_formatted_and_compact_json():
    text = '{\n  "a": {\n    "b/c": [1,\n      {"d": true}]\n  },\n  "e": "x"\n}\n'
    lines = pointer_lines(text)
    assert lines["/a"] == 2 and lines["/a/b~1c"] == 3 and lines["/a/b~1c/1/d"] == 4
    assert lines["/e"] == 6
    assert line_of(lines, "/a/b~1c/7/gone") == 3
    assert pointer_lines('{"x":[{"y":1}]}') == {"": 1, "/x": 1, "/x/0": 1, "/x/0/y": 1}
    with pytest.raises(ValueError):
        pointer_lines('{"x": }')
