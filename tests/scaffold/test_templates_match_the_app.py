"""The scaffold templates cannot drift from the modular app they write.

Every `scaffold` action of the migration plan that writes a file of `src/trading_api` is
rendered with the plan's values; after the plan's own moves are applied to its import paths
(the templates are rendered before the moves, so they name the legacy modules), the text must
equal the file in `src/trading_api` byte for byte.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from refactor_tools.scaffold import render
from tests.helpers import PLANS, REPO

PLAN = tomllib.loads((PLANS / "modular_backend.toml").read_text(encoding="utf-8"))
PACKAGE = "trading_api"
APP = Path("src") / PACKAGE


def _actions(kind: str) -> list[dict]:
    return [a for phase in PLAN["phases"] for task in phase["tasks"] for a in task.get("actions", ())
            if a["kind"] == kind]


def _moves() -> list[tuple[str, str]]:
    """Return the plan's moves as absolute dotted names, longest old name first."""
    pairs = [(f"{PACKAGE}.{a['old']}", f"{PACKAGE}.{a['new']}") for a in _actions("move")]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def apply_moves(text: str) -> str:
    """Rewrite dotted module names the way the plan's moves rewrite the imports."""
    for old, new in _moves():
        text = re.sub(rf"(?<![\w.]){re.escape(old)}(?![\w])", new, text)
    return text


SCAFFOLDS = [a for a in _actions("scaffold") if Path(a["path"]).is_relative_to(APP)]


def test_the_plan_scaffolds_files_of_the_app():
    assert {a["template"] for a in SCAFFOLDS} >= {"module_interface", "module_registry", "main",
                                                  "plans/templates/app_factory.py.tmpl"}


def test_moves_rewrite_only_whole_dotted_names():
    assert apply_moves("from trading_api.config import Settings") == "from trading_api.shared.settings import Settings"
    assert apply_moves("from trading_api.configuration import x") == "from trading_api.configuration import x"


@pytest.mark.parametrize("action", SCAFFOLDS, ids=lambda a: a["path"])
def test_template_renders_the_app_file(action: dict):
    rendered = render(action["template"], action.get("values", {}), root=REPO)
    expected = (REPO / action["path"]).read_text(encoding="utf-8")
    assert apply_moves(rendered) == expected
