"""Rules over the import graph: siblings, layers, self-imports, TYPE_CHECKING, chains."""

from __future__ import annotations

import json


def _pairs(out: str) -> list[tuple[str, str, str, int]]:
    data = json.loads(out)
    return [(v["rule"], v["importer"], v["imported"], v["line"]) for v in data["new"]]


def test_sibling_imports_absolute_and_relative_are_violations(project, run):
    root = project("siblings")
    result = run(root)
    assert result.code == 1
    lines = result.out.splitlines()
    assert (
        "src/shop/modules/alpha/api.py:5: [module-siblings] "
        "shop.modules.alpha.api -> shop.modules.beta.service"
    ) in lines
    assert (
        "src/shop/modules/beta/api.py:3: [module-siblings] "
        "shop.modules.beta.api -> shop.modules.alpha.service"
    ) in lines
    # The whole multi-line statement is printed, not just its first line.
    start = lines.index(
        "src/shop/modules/alpha/api.py:5: [module-siblings] "
        "shop.modules.alpha.api -> shop.modules.beta.service"
    )
    assert lines[start + 1 : start + 5] == [
        "    from shop.modules.beta.service import (",
        "        BetaService,",
        "        make_beta,",
        "    )",
    ]
    assert "    from ..alpha import service as alpha_service" in lines
    assert lines[-1] == "FAILED: 2 new violations, 0 stale baseline entries, 0 guards (0 baselined, 13 modules, 3 rules)"


def test_composition_root_and_own_subpackages_are_exempt(project, run):
    result = run(project("siblings"), "--format", "json")
    pairs = _pairs(result.out)
    assert pairs == [
        ("module-siblings", "shop.modules.alpha.api", "shop.modules.beta.service", 5),
        ("module-siblings", "shop.modules.beta.api", "shop.modules.alpha.service", 3),
    ]
    assert not any(importer == "shop.main" for _, importer, _, _ in pairs)


def test_fixing_the_violations_makes_the_check_pass(project, run):
    root = project("siblings")
    (root / "src/shop/modules/alpha/api.py").write_text('"""Clean."""\n')
    (root / "src/shop/modules/beta/api.py").write_text('"""Clean."""\n')
    result = run(root)
    assert result.code == 0, result.out
    assert result.out.splitlines()[-1] == "OK: 0 new violations, 0 stale baseline entries, 0 guards (0 baselined, 13 modules, 3 rules)"


def test_shared_must_not_import_modules_and_models_import_only_models(project, run):
    result = run(project("layers"), "--format", "json")
    assert result.code == 1
    assert _pairs(result.out) == [
        ("models-only-models", "shop.models.item", "shop.shared.hub", 4),
        ("models-only-models", "shop.models.settings", "shop.config", 3),
        ("shared-no-modules", "shop.shared.hub", "shop.modules.alpha.service", 4),
    ]


def test_package_importing_its_own_subpackages_is_not_a_violation(project, run):
    result = run(project("self_import"), "--format", "json")
    assert _pairs(result.out) == [("plugins-independent", "shop.plugins.beta", "shop.plugins.alpha", 3)]


def test_type_checking_imports_count_unless_the_rule_excludes_them(project, run):
    result = run(project("type_checking"), "--format", "json")
    assert _pairs(result.out) == [
        ("siblings-all-imports", "shop.modules.alpha.api", "shop.modules.beta.service", 10),
        ("siblings-all-imports", "shop.modules.alpha.api", "shop.modules.beta", 15),
        ("siblings-all-imports", "shop.modules.alpha.api", "shop.modules.gamma", 17),
        ("siblings-runtime-only", "shop.modules.alpha.api", "shop.modules.gamma", 17),
    ]


def test_type_checking_toggle_in_config(project, run):
    root = project("type_checking")
    edit_to = (root / "pyproject.toml").read_text().replace("type_checking = false", "type_checking = true")
    (root / "pyproject.toml").write_text(edit_to)
    runtime = [p for p in _pairs(run(root, "--format", "json").out) if p[0] == "siblings-runtime-only"]
    assert [p[2] for p in runtime] == ["shop.modules.beta.service", "shop.modules.beta", "shop.modules.gamma"]


def test_transitive_rule_prints_one_deterministic_chain(project, run, run_subprocess):
    root = project("transitive")
    result = run(root)
    assert result.code == 1
    assert result.out.splitlines()[4:11] == [
        "src/shop/modules/alpha/api.py:3: [siblings-transitive] shop.modules.alpha.api -> shop.modules.beta.service",
        "    from shop.shared import tools",
        "    chain:",
        "      src/shop/modules/alpha/api.py:3: shop.modules.alpha.api -> shop.shared.tools",
        "      src/shop/shared/tools.py:3: shop.shared.tools -> shop.shared.registry",
        "      src/shop/shared/registry.py:5: shop.shared.registry -> shop.modules.beta.service",
        "",
    ]
    # Two routes of equal length exist; the same one is chosen by a fresh process too.
    assert run_subprocess(root).out == result.out


def test_transitive_chain_ignores_a_removed_link(project, run):
    root = project("transitive")
    (root / "src/shop/shared/registry.py").write_text('"""No longer imports beta."""\n')
    assert run(root).code == 0
