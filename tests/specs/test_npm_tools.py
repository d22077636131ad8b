"""Our verdicts next to openapi-diff's and @asyncapi/diff's on the same rule cases.

Opt-in (it installs npm packages, so it needs the network): set REFACTOR_TOOLS_NPM_TESTS=1.
REFACTOR_TOOLS_NPM_CACHE may name a directory that keeps the install between runs.
Every disagreement is listed here and explained in benchmarks/specs/RESULTS.md.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from refactor_tools.specs import compare_documents, verdict_of

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("openapi-diff@0.24.1", "@asyncapi/diff@0.5.0", "@asyncapi/parser@3.6.6")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("REFACTOR_TOOLS_NPM_TESTS") != "1",
                       reason="set REFACTOR_TOOLS_NPM_TESTS=1 to compare with the npm tools "
                              "(installs packages from the npm registry)"),
    pytest.mark.skipif(shutil.which("npm") is None or shutil.which("node") is None,
                       reason="npm/node are not available"),
]

# case -> (ours, theirs); the reasons are in benchmarks/specs/RESULTS.md.
KNOWN = {
    "openapi:description-is-info": ("non-breaking", "identical"),
    "openapi:parameter-removed": ("breaking", "identical"),
    "openapi:parameter-renamed": ("breaking", "identical"),
    "openapi:new-required-parameter": ("breaking", "identical"),
    "openapi:new-optional-parameter": ("non-breaking", "identical"),
    "openapi:parameter-became-required": ("breaking", "identical"),
    "openapi:parameter-became-optional": ("non-breaking", "identical"),
    "openapi:request-optional-property-added": ("non-breaking", "breaking"),
    "openapi:request-property-removed": ("potentially-breaking", "non-breaking"),
    "openapi:response-optional-property-removed": ("potentially-breaking", "breaking"),
    "openapi:enum-value-removed": ("breaking", "identical"),
    "openapi:enum-value-added": ("breaking", "identical"),
    "openapi:error-status-removed": ("non-breaking", "breaking"),
    "openapi:request-media-type-removed": ("breaking", "non-breaking"),
    "openapi:request-constraint-loosened": ("non-breaking", "identical"),
    "openapi:response-constraint-loosened": ("potentially-breaking", "breaking"),
    "openapi:nullable-added": ("breaking", "identical"),
    "openapi:nullable-removed": ("breaking", "identical"),
    "openapi:default-changed": ("potentially-breaking", "identical"),
    "openapi:format-added": ("breaking", "identical"),
    "openapi:component-renamed": ("non-breaking", "identical"),
    "openapi:recursive-schema-changed": ("potentially-breaking", "error"),
    "openapi:recursive-component-renamed": ("non-breaking", "error"),
    "openapi:path-parameter-renamed": ("non-breaking", "identical"),
    "openapi:operation-id-changed": ("potentially-breaking", "identical"),
    "openapi:request-body-became-optional": ("non-breaking", "identical"),
    "openapi:unclassified-keyword": ("unclassified", "identical"),
    "openapi:unclassified-operation-key": ("unclassified", "identical"),
    "asyncapi:channel-removed": ("breaking", "error"),
    "asyncapi:message-added": ("non-breaking", "unclassified"),
    "asyncapi:request-required-property-added": ("breaking", "unclassified"),
    "asyncapi:request-optional-property-added": ("non-breaking", "unclassified"),
    "asyncapi:request-enum-value-removed": ("breaking", "unclassified"),
    "asyncapi:request-enum-value-added": ("non-breaking", "unclassified"),
    "asyncapi:reply-enum-value-added": ("breaking", "unclassified"),
    "asyncapi:response-required-property-removed": ("breaking", "unclassified"),
    "asyncapi:response-optional-property-removed": ("potentially-breaking", "unclassified"),
    "asyncapi:response-property-added": ("non-breaking", "unclassified"),
    "asyncapi:response-type-changed": ("breaking", "unclassified"),
    "asyncapi:response-property-became-optional": ("breaking", "unclassified"),
    "asyncapi:request-constraint-tightened": ("breaking", "unclassified"),
    "asyncapi:schema-component-renamed": ("non-breaking", "unclassified"),
}


def _npm_pairs():
    path = REPO / "tests" / "assets" / "specs" / "npm_pairs.py"
    spec = importlib.util.spec_from_file_location("specs_npm_pairs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pairs()


@pytest.fixture(scope="session")
def node_modules(tmp_path_factory) -> Path:
    """The npm tools, installed once per session (or kept in REFACTOR_TOOLS_NPM_CACHE)."""
    prefix = Path(os.environ.get("REFACTOR_TOOLS_NPM_CACHE") or tmp_path_factory.mktemp("npm"))
    if not (prefix / "node_modules" / "@asyncapi" / "diff").is_dir():
        proc = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent",
                               "--prefix", str(prefix), *PACKAGES],
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            pytest.skip(f"npm install failed: {proc.stderr.strip()[-300:]}")
    return prefix / "node_modules"


def test_verdicts_agree_except_the_documented_cases(node_modules, tmp_path):
    pairs = _npm_pairs()
    (tmp_path / "pairs.json").write_text(json.dumps(pairs), encoding="utf-8")
    proc = subprocess.run(
        ["node", str(REPO / "benchmarks" / "specs" / "npm_diff.js"), str(tmp_path / "pairs.json")],
        capture_output=True, text=True, timeout=900, env={**os.environ, "NODE_PATH": str(node_modules)},
    )
    assert proc.returncode == 0, proc.stderr
    theirs = json.loads(proc.stdout)
    differ = {}
    for pair in pairs:
        ours = verdict_of(compare_documents(pair["old"], pair["new"], pair["kind"]))
        other = theirs[pair["name"]].get("verdict", "error")
        if ours != other:
            differ[pair["name"]] = (ours, other)
    assert differ == KNOWN
