"""Shims: the old path keeps working, warns once, and `mock.patch` reaches the real object."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


from refactor_tools.codemods import move, remove_shims
from refactor_tools.codemods.shim_removal import find_shims

from .conftest import snapshot

CHECK = """\
import warnings
from unittest import mock

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import {old} as old_mod
    import {old} as again
    from {old} import {name}, _private
    {extra}
import {new} as new_mod

messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
assert old_mod is new_mod is again, (old_mod, new_mod)
assert {name} is new_mod.{name}
assert new_mod.__spec__.name == "{new}", new_mod.__spec__.name
with mock.patch("{old}.main", return_value=42):
    assert new_mod.main() == 42
assert new_mod.main() == 0
print("\\n".join(messages))
"""


def run_check(root, **fields) -> list[str]:
    fields.setdefault("extra", "")
    script = textwrap.dedent(CHECK.format(**fields))
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_module_shim_warns_once_and_patches_the_real_object(project):
    config = project()
    result = move(config, "plugins.ws_adapter", "shared.adapter")
    assert result.shims == ("src/app/plugins/ws_adapter.py",)
    messages = run_check(config.root, old="app.plugins.ws_adapter", new="app.shared.adapter", name="Adapter")
    assert messages == [
        "app.plugins.ws_adapter is deprecated: it moved to app.shared.adapter; import it from there"
    ]


def test_package_shim_serves_submodules_through_the_old_path(project):
    config = project({"src/app/plugins/sub/__init__.py": "", "src/app/plugins/sub/deep.py": "V = 1\n"})
    result = move(config, "plugins", "shared.plugins")
    assert "src/app/plugins/__init__.py" in result.shims
    assert "src/app/plugins/sub/deep.py" in result.shims
    extra = (
        "import app.plugins.sub.deep as deep; import app.shared.plugins.sub.deep as real; "
        "assert deep is real"
    )
    messages = run_check(
        config.root, old="app.plugins.ws_adapter", new="app.shared.plugins.ws_adapter", name="Adapter", extra=extra
    )
    assert messages[0] == "app.plugins is deprecated: it moved to app.shared.plugins; import it from there"
    assert "app.plugins.ws_adapter is deprecated" in messages[1]
    assert len(messages) == 4  # plugins, ws_adapter, sub, sub.deep: once each


def test_remove_shims_rewrites_importers_then_deletes_shims_and_emptied_packages(project):
    config = project()
    move(config, "plugins", "shared.plugins")
    # Code written after the move still uses the old path.
    late = "from app.plugins.ws_adapter import main\nimport app.plugins\n"
    (config.root / "src/app/late.py").write_text(late)
    result = remove_shims(config)
    assert result.mappings == (
        ("app.plugins", "app.shared.plugins"),
        ("app.plugins.ws_adapter", "app.shared.plugins.ws_adapter"),
    )
    assert result.changed_files == ("src/app/late.py",)
    assert (config.root / "src/app/late.py").read_text() == (
        "from app.shared.plugins.ws_adapter import main\nimport app.shared.plugins\n"
    )
    assert result.removed_dirs == ("src/app/plugins",)
    assert not (config.root / "src/app/plugins").exists()
    assert find_shims(config) == {}
    assert remove_shims(config).noop


def test_remove_shims_deletes_a_package_left_with_a_trivial_init(project):
    config = project({"src/app/core/__init__.py": '"""Core."""\n', "src/app/core/sim.py": "X = 1\n"})
    move(config, "core.sim", "shared.sim")
    result = remove_shims(config)
    assert result.removed_files == ("src/app/core/__init__.py", "src/app/core/sim.py")
    assert result.removed_dirs == ("src/app/core",)


def test_prose_mentions_are_notes_that_never_block_remove_shims(project):
    config = project()
    move(config, "plugins", "shared.plugins")
    late = 'import app.plugins\n\n\ndef f():\n    """Uses app.plugins."""\n\n\nDOC = "uses app.plugins"\n'
    (config.root / "src/app/late.py").write_text(late)
    result = remove_shims(config)
    assert [str(r) for r in result.references] == [
        "src/app/late.py:5: string mentions the old path: 'Uses app.plugins.'",
        "src/app/late.py:8: string mentions the old path: 'uses app.plugins'",
    ]
    assert (config.root / "src/app/late.py").read_text().startswith("import app.shared.plugins\n")
    assert not (config.root / "src/app/plugins").exists()


def test_remove_shims_dry_run_writes_nothing(project):
    config = project()
    move(config, "plugins", "shared.plugins")
    before = snapshot(config.root)
    result = remove_shims(config, dry_run=True)
    assert "deleted file mode 100644\n--- a/src/app/plugins/__init__.py\n+++ /dev/null" in result.diff
    assert snapshot(config.root) == before


def test_shims_pass_a_line_length_of_100_and_the_formatter(tmp_path):
    # Long module names (a real layout's) once made one-line docstrings, warnings and comments of
    # 110+ characters: the project's `ruff check` failed on the shims the move left behind.
    from refactor_tools.codemods.shims import shim_source

    old, new = "app.api.routes.private_admin_routes", "app.modules.administration.private_admin_routes"
    files = {
        "module.py": shim_source(old, new, package=False),
        "script.py": shim_source(old, new, package=False, script=True),
        "package.py": shim_source(old, new, package=True),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert max(len(line) for line in text.splitlines()) <= 100, name
    ruff = [sys.executable, "-m", "ruff"]
    options = ["--no-cache", "--line-length", "100", "--target-version", "py311", *files]
    checked = subprocess.run([*ruff, "check", "--select", "E,W,F,I", *options], cwd=tmp_path,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    formatted = subprocess.run([*ruff, "format", "--check", *options], cwd=tmp_path, capture_output=True, text=True)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
