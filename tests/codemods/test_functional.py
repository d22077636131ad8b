"""A small git project: move its package, run its tests with the shim, remove shims, again."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import git

from refactor_tools.cli import main
from tests.helpers import UNUSED_PLUGINS

from .conftest import write_tree

FILES = {
    "pyproject.toml": """\
        [project]
        name = "shop"
        version = "0"

        [tool.refactor-tools]
        package = "shop"
        source = "src"
        """,
    "src/shop/__init__.py": "",
    "src/shop/pricing/__init__.py": "from .rules import discount\n\n__all__ = ['discount']\n",
    "src/shop/pricing/rules.py": """\
        from ..money import cents


        def discount(amount):
            return cents(amount) - _fee()


        def _fee():
            return 1
        """,
    "src/shop/money.py": "def cents(amount):\n    return int(amount * 100)\n",
    "src/shop/cart.py": """\
        import shop.pricing.rules
        from shop.pricing import discount


        def total(amount):
            return discount(amount) + shop.pricing.rules._fee()
        """,
    "tests/test_cart.py": """\
        from unittest import mock

        from shop import cart
        from shop.pricing.rules import _fee


        def test_total():
            assert cart.total(1.5) == 150


        def test_patch_by_path():
            with mock.patch("shop.pricing.rules._fee", return_value=0):
                assert cart.total(1) == 100
            assert _fee() == 1
        """,
}

OLD_STYLE_TEST = """\
from unittest import mock

import shop.pricing.rules as rules
from shop import cart


def test_old_path_still_patches_the_real_function():
    with mock.patch("shop.pricing.rules._fee", return_value=5):
        assert cart.total(1) == 100
    assert rules._fee() == 1
"""


def run_tests(root) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:refactor_tools", *UNUSED_PLUGINS,
         "tests"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_move_package_run_tests_remove_shims_run_tests(tmp_path, capsys):
    write_tree(tmp_path, FILES)
    repo = git.Repo.init(tmp_path)
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Test")
        cfg.set_value("user", "email", "test@example.com")
    repo.git.add(A=True)
    repo.index.commit("initial")
    assert run_tests(tmp_path).returncode == 0

    assert main(["move", "pricing", "billing.pricing", "--project", str(tmp_path)]) == 0
    assert "moved shop.pricing -> shop.billing.pricing" in capsys.readouterr().out
    status = repo.git.status("--porcelain")
    assert "RM src/shop/pricing/rules.py -> src/shop/billing/pricing/rules.py" in status  # moved + edited
    assert (tmp_path / "src/shop/billing/__init__.py").is_file()
    assert "import shop.billing.pricing.rules" in (tmp_path / "src/shop/cart.py").read_text()
    # A test written against the old path, as external code would be.
    (tmp_path / "tests/test_old_path.py").write_text(OLD_STYLE_TEST)
    with_shim = run_tests(tmp_path)
    assert with_shim.returncode == 0, with_shim.stdout + with_shim.stderr
    assert "3 passed" in with_shim.stdout

    assert main(["remove-shims", "--project", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "rewrote  tests/test_old_path.py" in out
    assert not (tmp_path / "src/shop/pricing").exists()
    after = run_tests(tmp_path)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "3 passed" in after.stdout
    assert main(["remove-shims", "--project", str(tmp_path)]) == 0
    assert "no shims found" in capsys.readouterr().out


def test_cli_exit_codes(tmp_path, capsys):
    write_tree(tmp_path, FILES)
    assert main(["move", "pricing", "money", "--project", str(tmp_path)]) == 2
    assert "target 'shop.money' already exists at src/shop/money.py" in capsys.readouterr().err
    assert main(["move", "pricing", "billing.pricing", "--dry-run", "--project", str(tmp_path)]) == 0
    assert "rename to src/shop/billing/pricing/rules.py" in capsys.readouterr().out
    args = ["move", "pricing", "billing.pricing", "--dry-run", "--format", "json", "--project", str(tmp_path)]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"] == "shop.pricing" and data["dry_run"] is True
    assert ["src/shop/pricing/rules.py", "src/shop/billing/pricing/rules.py"] in data["moved_files"]
    assert (tmp_path / "src/shop/pricing/rules.py").is_file()
    assert main(["move", "pricing", "billing.pricing", "--no-shim", "--project", str(tmp_path)]) == 0
    capsys.readouterr()
    assert not (tmp_path / "src/shop/pricing").exists()
    (tmp_path / "src/shop/late.py").write_text("X = 1\n")
    assert main(["move", "late", "billing.late", "--project", str(tmp_path)]) == 0
    (tmp_path / "src/shop/doc.py").write_text('"""See shop.late for X."""\n')
    capsys.readouterr()
    assert main(["remove-shims", "--project", str(tmp_path)]) == 0
    assert "  src/shop/doc.py:1: string mentions the old path" in capsys.readouterr().out
