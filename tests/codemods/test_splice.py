"""The import-only fast path gives exactly what the whole-file libcst pass gives."""

from __future__ import annotations

import ast
import dataclasses
import textwrap

import pytest

from refactor_tools.codemods.analysis import FileContext, analyse
from refactor_tools.codemods.names import Renames
from refactor_tools.codemods.splice import splice_imports
from refactor_tools.codemods.worker import FileOutcome, FileTask, _transform

SOURCE = textwrap.dedent(
    """\
    \"\"\"Doc.\"\"\"
    import os
    import app.plugins.ws_adapter as w  # keep me
    from app import config, plugins
    from app.plugins.ws_adapter import (
        Adapter,  # c
        main,
    )
    from .. import plugins as p
    from ..plugins import *


    def f():
        from app.plugins import ws_adapter
        if os:
            from ..plugins.ws_adapter import _private
        return ws_adapter
    """
)


@pytest.mark.parametrize("moved", [False, True])
def test_fast_path_matches_full_pass(tmp_path, moved):
    renames = Renames.of({"app.plugins": "app.shared.plugins"})
    module = "app.plugins.health" if moved else "app.api.health"
    new = "app.shared.plugins.health" if moved else module
    ctx = FileContext("x.py", module, new, False)
    facts = analyse(ast.parse(SOURCE), ctx, renames)
    assert facts.only_imports
    fast, _ = splice_imports(SOURCE, ctx, renames, facts)
    path = tmp_path / "x.py"
    path.write_text(SOURCE)
    full: FileOutcome = _transform(
        FileTask(str(path), ctx), renames, SOURCE, dataclasses.replace(facts, only_imports=False)
    )
    assert full.new_text is not None
    assert fast == full.new_text
    assert "from app import config\nfrom app.shared import plugins\n" in fast
    assert "    from app.shared.plugins import ws_adapter\n" in fast
