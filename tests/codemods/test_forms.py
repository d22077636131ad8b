"""Before/after pairs: every reference form `move` rewrites (many that RenameCommand misses)."""

from __future__ import annotations

import textwrap

import pytest

from refactor_tools.codemods import move

H = "src/app/api/health.py"
PLUGINS = ("plugins", "shared.plugins")
CONFIG = ("config", "shared.settings")
HELPERS = ("api.helpers", "shared.helpers")

CASES = [
    (
        "import_dotted_and_its_uses",
        PLUGINS,
        H,
        """\
        import app.plugins.ws_adapter

        X = app.plugins.ws_adapter.Adapter
        """,
        """\
        import app.shared.plugins.ws_adapter

        X = app.shared.plugins.ws_adapter.Adapter
        """,
    ),
    (
        "import_as_keeps_alias",
        PLUGINS,
        H,
        "import app.plugins.ws_adapter as wsa\n\nX = wsa.Adapter\n",
        "import app.shared.plugins.ws_adapter as wsa\n\nX = wsa.Adapter\n",
    ),
    (
        "from_module_import_names_as",
        PLUGINS,
        H,
        "from app.plugins.ws_adapter import Adapter as A, _private\n",
        "from app.shared.plugins.ws_adapter import Adapter as A, _private\n",
    ),
    (
        "from_parent_import_module",
        PLUGINS,
        H,
        "from app import plugins\nfrom app import plugins as p\n",
        "from app.shared import plugins\nfrom app.shared import plugins as p\n",
    ),
    (
        "from_package_import_submodule",
        PLUGINS,
        H,
        "from app.plugins import ws_adapter\n",
        "from app.shared.plugins import ws_adapter\n",
    ),
    (
        "renamed_module_keeps_local_name",
        CONFIG,
        H,
        "from app import config\n\nDEBUG = config.Settings.debug\n",
        "from app.shared import settings as config\n\nDEBUG = config.Settings.debug\n",
    ),
    (
        "star_import",
        PLUGINS,
        H,
        "from app.plugins.ws_adapter import *\n",
        "from app.shared.plugins.ws_adapter import *\n",
    ),
    (
        "multi_name_split_only_when_needed",
        PLUGINS,
        H,
        "from app import config, plugins  # both\n",
        "from app import config  # both\nfrom app.shared import plugins\n",
    ),
    (
        "multi_line_names_kept_with_comments",
        PLUGINS,
        H,
        """\
        from app.plugins.ws_adapter import (
            Adapter,  # the adapter
            main,
        )
        """,
        """\
        from app.shared.plugins.ws_adapter import (
            Adapter,  # the adapter
            main,
        )
        """,
    ),
    (
        "imports_in_function_try_and_type_checking",
        PLUGINS,
        H,
        """\
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from app.plugins.ws_adapter import Adapter

        try:
            from app.plugins.ws_adapter import main
        except ImportError:
            main = None


        def f():
            import app.plugins.ws_adapter as w
            return w
        """,
        """\
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from app.shared.plugins.ws_adapter import Adapter

        try:
            from app.shared.plugins.ws_adapter import main
        except ImportError:
            main = None


        def f():
            import app.shared.plugins.ws_adapter as w
            return w
        """,
    ),
    (
        "relative_kept_relative_inside_the_package",
        PLUGINS,
        H,
        "from ..plugins.ws_adapter import Adapter\nfrom .. import plugins\n",
        "from ..shared.plugins.ws_adapter import Adapter\nfrom ..shared import plugins\n",
    ),
    (
        "relative_made_absolute_when_leaving_the_package",
        HELPERS,
        H,
        "from .helpers import helper\nfrom . import helpers\n",
        "from app.shared.helpers import helper\nfrom app.shared import helpers\n",
    ),
    (
        "relative_imports_of_the_moved_file",
        PLUGINS,
        "src/app/plugins/ws_adapter.py",
        "from ..config import Settings\nfrom . import sibling\nfrom .sibling import X\n",
        "from ...config import Settings\nfrom . import sibling\nfrom .sibling import X\n",
    ),
    (
        "attribute_access_through_parent_package",
        PLUGINS,
        H,
        """\
        import app


        def f():
            return app.plugins.ws_adapter.Adapter
        """,
        """\
        import app
        import app.shared.plugins


        def f():
            return app.shared.plugins.ws_adapter.Adapter
        """,
    ),
    (
        "dunder_all_entry_of_renamed_submodule",
        ("api.helpers", "api.tools"),
        "src/app/api/__init__.py",
        '__all__ = ["health", "helpers"]\n',
        '__all__ = ["health", "tools"]\n',
    ),
    (
        "mock_patch_monkeypatch_and_import_module_strings",
        PLUGINS,
        "tests/test_h.py",
        """\
        import importlib
        from unittest import mock


        def test_x(monkeypatch):
            monkeypatch.setattr("app.plugins.ws_adapter.main", lambda: 1)
            with mock.patch("app.plugins.ws_adapter._private", return_value=2):
                importlib.import_module("app.plugins.ws_adapter")
            with mock.patch.object(importlib.import_module("app.plugins.ws_adapter"), "main"):
                pass
        """,
        """\
        import importlib
        from unittest import mock


        def test_x(monkeypatch):
            monkeypatch.setattr("app.shared.plugins.ws_adapter.main", lambda: 1)
            with mock.patch("app.shared.plugins.ws_adapter._private", return_value=2):
                importlib.import_module("app.shared.plugins.ws_adapter")
            with mock.patch.object(importlib.import_module("app.shared.plugins.ws_adapter"), "main"):
                pass
        """,
    ),
    (
        "string_annotations_and_entry_point_strings",
        PLUGINS,
        H,
        """\
        def f(a: "app.plugins.ws_adapter.Adapter") -> "list[app.plugins.ws_adapter.Adapter]":
            return run("app.plugins.ws_adapter:main")
        """,
        """\
        def f(a: "app.shared.plugins.ws_adapter.Adapter") -> "list[app.shared.plugins.ws_adapter.Adapter]":
            return run("app.shared.plugins.ws_adapter:main")
        """,
    ),
]


@pytest.mark.parametrize(
    ("old_new", "path", "before", "after"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_form(project, old_new, path, before, after):
    config = project({path: before, "src/app/plugins/sibling.py": "X = 1\n"})
    result = move(config, *old_new, shim=False)
    final = path.replace("app/plugins/", "app/shared/plugins/") if old_new == PLUGINS else path
    assert (config.root / final).read_text() == textwrap.dedent(after)
    assert final in result.changed_files


def test_entry_points_in_pyproject_are_rewritten(project):
    config = project()
    move(config, "plugins", "shared.plugins", shim=False)
    assert 'app-run = "app.shared.plugins.ws_adapter:main"' in config.pyproject.read_text()


def test_other_strings_are_listed_not_changed(project):
    source = 'import app.plugins.ws_adapter\n\nHELP = "see app.plugins.ws_adapter"\n'
    config = project({H: source})
    result = move(config, "plugins", "shared.plugins", shim=False)
    assert result.unrewritten == (f"{H}:3",)
    assert 'HELP = "see app.plugins.ws_adapter"' in (config.root / H).read_text()


def test_untouched_files_are_byte_identical(project):
    other = "import os  # keep\n\n\n\nx = 'app'\n"
    config = project({"src/app/other.py": other, H: "from app.plugins import ws_adapter\n"})
    result = move(config, "plugins", "shared.plugins", shim=False)
    assert (config.root / "src/app/other.py").read_text() == other
    assert "src/app/other.py" not in result.changed_files


def test_moved_file_climbs_as_little_as_possible(project):
    before = "from ..plugins.ws_adapter import Adapter\nfrom ..config import Settings\nfrom . import helpers\n"
    config = project({H: before})
    move(config, "api.health", "plugins.health", shim=False)
    assert (config.root / "src/app/plugins/health.py").read_text() == (
        "from .ws_adapter import Adapter\nfrom ..config import Settings\nfrom app.api import helpers\n"
    )


def test_unchanged_relative_imports_of_unmoved_files_are_left_alone(project):
    before = "from ..api.helpers import helper\nfrom ..plugins import ws_adapter\n"
    config = project({H: before})
    move(config, "config", "shared.settings", shim=False)
    assert (config.root / H).read_text() == before


def test_parallel_pass_gives_the_same_result(project, monkeypatch):
    from refactor_tools.codemods import engine

    files = {f"src/app/mod{i}.py": f"from app.plugins import ws_adapter\nX{i} = 'see app.plugins'\n" for i in range(6)}
    config = project(files)
    serial = move(config, "plugins", "shared.plugins", dry_run=True)
    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(engine, "BATCH", 2)
    parallel = move(config, "plugins", "shared.plugins", dry_run=True)
    assert parallel == serial
    assert len(serial.unrewritten) == 6
