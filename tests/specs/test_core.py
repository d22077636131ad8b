"""The pure core: normalisation, verdicts, the --fail-on policy and the renderers."""

from __future__ import annotations

import json

import pytest

from refactor_tools.errors import UsageError
from refactor_tools.specs import Finding, SpecDiff, compare_documents, render, verdict_of
from refactor_tools.specs.normalize import Normalizer


def _doc(schemas: dict) -> dict:
    return {"components": {"schemas": schemas}}


def test_self_reference_is_inlined_once_then_marked():
    doc = _doc({"Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}})
    got = Normalizer(doc).schema({"$ref": "#/components/schemas/Node"})
    assert got == {"type": "object",
                   "properties": {"next": {"$recursive": "#/components/schemas/Node"}}}


def test_mutual_recursion_terminates():
    doc = _doc({
        "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"properties": {"a": {"$ref": "#/components/schemas/A"}}},
    })
    got = Normalizer(doc).schema({"$ref": "#/components/schemas/A"})
    assert got == {"properties": {"b": {"properties": {"a": {"$recursive": "#/components/schemas/A"}}}}}


@pytest.mark.parametrize("spelling", [
    {"anyOf": [{"type": "string"}, {"type": "null"}]},
    {"anyOf": [{"type": "null"}, {"type": "string"}]},
    {"oneOf": [{"type": "string"}, {"type": "null"}]},
    {"type": ["null", "string"]},
    {"type": "string", "nullable": True},
    {"allOf": [{"type": "string"}], "nullable": True},
])
def test_nullable_spellings_normalise_alike(spelling):
    assert Normalizer({}).schema(spelling) == {"type": "string", "nullable": True}


def test_annotations_are_set_aside_and_sets_sorted():
    got = Normalizer({}).schema({"title": "T", "description": "D", "examples": [1],
                                 "required": ["b", "a"], "enum": [3, 1], "const": None} | {})
    assert got == {"required": ["a", "b"], "enum": [None],
                   "$annotations": {"title": "T", "description": "D", "examples": [1]}}


def test_dangling_ref_is_unclassified_not_ignored():
    old = {"paths": {"/a": {"get": {"responses": {"200": {"description": "", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}}}}}}}}
    new = {"paths": {"/a": {"get": {"responses": {"200": {"description": "", "content": {
        "application/json": {"schema": {"type": "string"}}}}}}}}}
    found = compare_documents(old, new, "openapi")
    assert [(f.rule, f.severity) for f in found if f.location.endswith("$dangling")] == [
        ("unclassified-change", "unclassified")]


def test_unknown_kind_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown document kind 'swagger'"):
        compare_documents({}, {}, "swagger")


def _f(severity: str, rule: str = "r") -> Finding:
    return Finding("openapi", "/x", rule, severity, "request", "m")


@pytest.mark.parametrize(("severities", "verdict"), [
    ([], "identical"),
    (["info"], "non-breaking"),
    (["non-breaking", "potentially-breaking"], "potentially-breaking"),
    (["potentially-breaking", "unclassified"], "unclassified"),
    (["unclassified", "breaking", "info"], "breaking"),
])
def test_verdict_is_the_worst_severity(severities, verdict):
    assert verdict_of([_f(s) for s in severities]) == verdict


@pytest.mark.parametrize(("severity", "fails"), [
    ("info", {"any"}),
    ("non-breaking", {"any"}),
    ("potentially-breaking", {"any", "potentially-breaking"}),
    ("unclassified", {"any", "potentially-breaking", "breaking"}),
    ("breaking", {"any", "potentially-breaking", "breaking"}),
])
def test_fail_on_policy(severity, fails):
    diff = SpecDiff(findings=(_f(severity),))
    policies = ("breaking", "potentially-breaking", "any", "none")
    assert {p for p in policies if diff.fails(p)} == fails


def _diff() -> SpecDiff:
    return SpecDiff(findings=(_f("non-breaking", "b-rule"), _f("breaking", "a-rule"),
                              Finding("asyncapi", "/c", "info-rule", "info", "none", "50% done,\nok")),
                    baseline_ref="v1", baseline_commit="0123456789abcdef")


def test_text_report_has_header_lines_and_verdict():
    assert render(_diff(), "text") == (
        "diff-specs: baseline v1 (0123456789ab) -> working tree; 3 findings: 1 breaking, "
        "1 non-breaking, 1 info\n"
        "openapi:/x: [a-rule] breaking (request): m\n"
        "openapi:/x: [b-rule] non-breaking (request): m\n"
        "asyncapi:/c: [info-rule] info (none): 50% done,\nok\n"
        "verdict: breaking\n"
    )


def test_json_report_is_stable_and_complete():
    text = render(_diff(), "json")
    data = json.loads(text)
    assert text == render(_diff(), "json")
    assert data["verdict"] == "breaking"
    assert data["baseline"] == {"commit": "0123456789abcdef", "ref": "v1"}
    assert [f["rule"] for f in data["findings"]] == ["a-rule", "b-rule", "info-rule"]
    assert data["counts"]["breaking"] == 1


def test_github_annotations_escape_data():
    lines = render(_diff(), "github").splitlines()
    assert lines[0] == "::error title=breaking%3A a-rule::openapi:/x (request) m"
    assert lines[2] == "::notice title=info%3A info-rule::asyncapi:/c (none) 50%25 done,%0Aok"
    assert lines[-1].startswith("::notice title=diff-specs::verdict breaking; 3 findings")


def test_markdown_table_and_identical_verdict():
    assert "| breaking | `a-rule` | openapi |  | `/x` | request | m |" in render(_diff(), "markdown")
    named = SpecDiff(findings=(Finding("openapi", "/paths/~1x/get", "r", "breaking", "request", "m",
                                       "GET /x"),), baseline_ref="v1")
    assert "| breaking | `r` | openapi | `GET /x` | `/paths/~1x/get` | request | m |" in render(named, "markdown")
    assert "openapi:/paths/~1x/get: [r] breaking (request): GET /x: m" in render(named, "text")
    assert "::error title=breaking%3A r::openapi:/paths/~1x/get (request) GET /x: m" in render(named, "github")
    assert json.loads(render(named, "json"))["findings"][0]["operation"] == "GET /x"
    empty = render(SpecDiff(findings=(), baseline_ref="v1"), "markdown")
    assert "**identical**" in empty and "| Severity" not in empty


def test_unknown_format_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown format 'xml'"):
        render(_diff(), "xml")
