"""The baseline ratchet: new fails, stale fails unless pruned, growth needs a flag, strict rules."""

from __future__ import annotations

import json

from refactor_tools.boundaries import check_boundaries
from refactor_tools.config import load_config

BASELINE = ".refactor-tools/boundaries-baseline.json"


def _entries(root):
    data = json.loads((root / BASELINE).read_text())
    return [(e["rule"], e["importer"], e["imported"], e["statement"]) for e in data["violations"]]


def _record(root, run):
    result = run(root, "--update-baseline", "--allow-growth")
    assert result.code == 0, result.out
    return result


def test_update_baseline_needs_allow_growth_to_add_entries(project, run):
    root = project("baseline")
    refused = run(root, "--update-baseline")
    assert refused.code == 1
    assert "did not add 2 new violations" in refused.out
    assert not (root / BASELINE).exists()
    _record(root, run)
    assert _entries(root) == [
        ("module-siblings", "shop.modules.alpha.api", "shop.modules.beta.api", "from shop.modules.beta.api import router"),
        ("module-siblings", "shop.modules.alpha.api", "shop.modules.beta.service", "from shop.modules.beta import service"),
    ]
    again = run(root)
    assert again.code == 0
    assert again.out.splitlines()[-1].startswith("OK: 0 new violations, 0 stale baseline entries, 0 guards (2 baselined,")


def test_baseline_keys_ignore_line_numbers(project, run):
    root = project("baseline")
    _record(root, run)
    api = root / "src/shop/modules/alpha/api.py"
    api.write_text('"""Moved down."""\n\n\n\n' + api.read_text())
    assert run(root).code == 0


def test_new_violation_fails_and_is_not_added_without_growth(project, run):
    root = project("baseline")
    _record(root, run)
    before = (root / BASELINE).read_bytes()
    api = root / "src/shop/modules/alpha/api.py"
    api.write_text(api.read_text() + "import shop.modules.beta\n")
    result = run(root, "--format", "json")
    assert result.code == 1
    new = json.loads(result.out)["new"]
    assert [(v["imported"], v["line"], v["statement"]) for v in new] == [("shop.modules.beta", 5, "import shop.modules.beta")]
    assert run(root, "--update-baseline").code == 1
    assert (root / BASELINE).read_bytes() == before


def test_stale_entry_fails_until_pruned_and_the_file_shrinks(project, run):
    root = project("baseline")
    _record(root, run)
    api = root / "src/shop/modules/alpha/api.py"
    api.write_text(api.read_text().replace("from shop.modules.beta.api import router\n", ""))
    stale = run(root)
    assert stale.code == 1
    assert "  [module-siblings] shop.modules.alpha.api -> shop.modules.beta.api (stale, already fixed)" in stale.out
    assert len(_entries(root)) == 2
    pruned = run(root, "--prune")
    assert pruned.code == 0, pruned.out
    assert "pruned 1 entries from .refactor-tools/boundaries-baseline.json" in pruned.out
    assert [e[2] for e in _entries(root)] == ["shop.modules.beta.service"]
    assert run(root).code == 0
    assert run(root, "--prune", "--format", "github").out.splitlines() == [
        "OK: 0 new violations, 0 stale baseline entries, 0 guards (1 baselined, 10 modules, 2 rules)"
    ]


def test_github_format_tells_about_pruning(project, run):
    root = project("baseline")
    _record(root, run)
    (root / "src/shop/modules/alpha/api.py").write_text('"""Fixed."""\n')
    assert run(root, "--prune", "--format", "github").out.splitlines() == [
        "::notice file=.refactor-tools/boundaries-baseline.json::pruned 2 fixed entries",
        "OK: 0 new violations, 0 stale baseline entries, 0 guards (0 baselined, 10 modules, 2 rules)",
    ]


def test_prune_api_for_the_migration_ratchet(project, run):
    root = project("baseline")
    _record(root, run)
    (root / "src/shop/modules/alpha/api.py").write_text('"""All fixed."""\n')
    report = check_boundaries(load_config(root), prune=True)
    assert report.ok
    assert [e.imported for e in report.pruned] == ["shop.modules.beta.api", "shop.modules.beta.service"]
    assert report.baseline_written
    assert _entries(root) == []
    assert check_boundaries(load_config(root), prune=True).baseline_written is False


def test_strict_rule_forbids_baseline_entries(project, run):
    root = project("baseline")
    _record(root, run)
    hub = root / "src/shop/shared/hub.py"
    hub.write_text(hub.read_text() + "from shop.modules.alpha import api\n")
    result = run(root, "--update-baseline", "--allow-growth", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert [(v["rule"], v["importer"]) for v in data["new"]] == [("shared-no-modules", "shop.shared.hub")]
    assert all(e[0] == "module-siblings" for e in _entries(root))
    # A hand-written entry for the strict rule is rejected, and the violation stays new.
    doc = json.loads((root / BASELINE).read_text())
    doc["violations"].append(
        {"rule": "shared-no-modules", "importer": "shop.shared.hub", "imported": "shop.modules.alpha.api",
         "statement": "from shop.modules.alpha import api"}
    )
    (root / BASELINE).write_text(json.dumps(doc))
    rejected = run(root)
    assert rejected.code == 1
    assert "(strict rule, entries not allowed)" in rejected.out
    assert "[shared-no-modules] shop.shared.hub -> shop.modules.alpha.api" in rejected.out


def test_no_baseline_reports_every_violation_as_new(project, run):
    root = project("baseline")
    _record(root, run)
    result = run(root, "--no-baseline", "--format", "json")
    assert result.code == 1
    assert len(json.loads(result.out)["new"]) == 2
    usage = run(root, "--no-baseline", "--prune")
    assert usage.code == 2
    assert "cannot be combined" in usage.err


def test_corrupt_baseline_is_a_config_error(project, run):
    root = project("baseline")
    (root / ".refactor-tools").mkdir()
    (root / BASELINE).write_text('{"violations": 3}')
    result = run(root)
    assert result.code == 2
    assert "[tool.refactor-tools.boundaries.baseline]" in result.err
    assert "is not valid" in result.err
