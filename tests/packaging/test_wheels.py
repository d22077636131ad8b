"""Both wheels build; refactor-tools installed alone in a clean venv works, demo included.

Slow (a venv, installs from the package index): `pytest -m slow tests/packaging`.
"""

from __future__ import annotations

import email
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONSTRAINTS = REPO / "constraints.txt"
APP_STACK = {"fastapi", "starlette", "uvicorn", "websockets", "trading-api", "trading-api-refactor"}

pytestmark = pytest.mark.slow(seconds=35)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, text=True, capture_output=True, timeout=900)


def _ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"{proc.args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build both distributions in place, without build isolation (hatchling is a dev tool)."""
    out = tmp_path_factory.mktemp("wheels")
    for source in (REPO, REPO / "distributions" / "trading-api"):
        _ok(_run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                  "-w", str(out), str(source)], cwd=out))
    built = {path.name.split("-")[0]: path for path in out.glob("*.whl")}
    assert sorted(built) == ["refactor_tools", "trading_api"]
    return built


def _names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def _requires(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = email.message_from_bytes(archive.read(meta))
    return {
        req.split(";")[0].split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower()
        for req in message.get_all("Requires-Dist") or []
        if "extra ==" not in req
    }


def test_each_wheel_holds_its_own_packages_and_the_demo_inputs(wheels: dict[str, Path]) -> None:
    harness = _names(wheels["refactor_tools"])
    tops = {name.split("/")[0] for name in harness}
    assert tops == {"refactor_tools", "refactor_tools-0.1.0.dist-info"}
    for shipped in ("refactor_tools/_demo/examples/legacy_monolith/pyproject.toml",
                    "refactor_tools/_demo/examples/legacy_monolith/tests/conftest.py",
                    "refactor_tools/_demo/plans/modular_backend.toml",
                    "refactor_tools/_demo/plans/MODULAR_BACKEND_IMPL.md",
                    # `demo --example sql`: the example carries its plan, templates and .env template
                    "refactor_tools/_demo/examples/sql_monolith/plans/modular.toml",
                    "refactor_tools/_demo/examples/sql_monolith/plans/MODULAR_IMPL.md",
                    "refactor_tools/_demo/examples/sql_monolith/plans/templates/app_factory.py.tmpl",
                    "refactor_tools/_demo/examples/sql_monolith/.env.example",
                    "refactor_tools/_demo/examples/sql_monolith/app/email-templates/build/new_account.html",
                    "refactor_tools/config_schema.json",
                    "refactor_tools/scaffold/templates/main.tmpl"):
        assert shipped in harness
    for example in sorted(p.name for p in (REPO / "examples").iterdir() if (p / "pyproject.toml").is_file()):
        assert f"refactor_tools/_demo/examples/{example}/pyproject.toml" in harness  # every example ships
    assert not [n for n in harness if "__pycache__" in n or n.endswith(".pyc") or "/.venv/" in n]
    assert not [n for n in harness if n.endswith((".env", ".db", ".sqlite3"))]
    assert _requires(wheels["refactor_tools"]) & APP_STACK == set()

    app = _names(wheels["trading_api"])
    assert {name.split("/")[0] for name in app} == {"trading_api", "typed_ws", "trading_api-1.0.0.dist-info"}
    assert "trading_api/app_factory.py" in app and "typed_ws/asyncapi.py" in app
    assert not [n for n in app if "/tests/" in n or "__pycache__" in n]
    assert {"fastapi", "uvicorn", "websockets"} <= _requires(wheels["trading_api"])


def test_refactor_tools_alone_in_a_clean_venv(wheels: dict[str, Path], tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _ok(_run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path))
    python, cli = venv / "bin" / "python", venv / "bin" / "refactor-tools"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--no-compile", "-c", str(CONSTRAINTS)]
    _ok(_run([*pip, str(wheels["refactor_tools"])], cwd=tmp_path))

    # Nothing of the app stack came along: a target project named trading_api stays the user's.
    listed = _ok(_run([str(python), "-m", "pip", "list", "--format", "freeze"], cwd=tmp_path))
    installed = {line.split("==")[0].lower().replace("_", "-") for line in listed.splitlines()}
    assert installed & APP_STACK == set()
    probe = "import importlib.util as u; print([m for m in ('trading_api', 'typed_ws', 'fastapi') if u.find_spec(m)])"
    assert _ok(_run([str(python), "-c", probe], cwd=tmp_path)).strip() == "[]"

    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    assert _ok(_run([str(cli), "--version"], cwd=tmp_path, env=env)) == "refactor-tools 0.1.0\n"

    sample = tmp_path / "sample"
    shutil.copytree(REPO / "tests" / "assets" / "boundaries" / "siblings", sample)
    checked = _run([str(cli), "check-boundaries", "--no-cache"], cwd=sample, env=env)
    assert checked.returncode == 1, checked.stderr
    assert "src/shop/modules/alpha/api.py:5: [module-siblings] shop.modules.alpha.api -> shop.modules.beta.service" in checked.stdout

    # The demo from the installed wheel: its inputs come from the package. The migrated
    # example needs its own stack, installed the way a user's project would have it.
    _ok(_run([*pip, str(wheels["trading_api"]), "httpx", "pytest-asyncio"], cwd=tmp_path))
    workdir = tmp_path / "demo"
    demo = _run([str(cli), "demo", "--workdir", str(workdir), "--until", "phase-0", "--format", "json"],
                cwd=tmp_path, env=env)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    result = json.loads(demo.stdout)
    assert (result["ok"], result["stopped_after"]) == (True, "phase-0")
    assert [(p["phase"], p["status"]) for p in result["phases"]] == [("phase-0", "done")]
    assert (workdir / "plans" / "modular_backend.toml").is_file()
    assert "pre-modular-baseline" in _ok(_run(["git", "tag"], cwd=workdir))
