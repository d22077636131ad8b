"""The legacy monolith's layout, isolation and the import forms the migration's codemods must meet."""

from __future__ import annotations

import ast
import json
import tomllib
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"
PACKAGE = EXAMPLE / "src" / "trading_api"
TESTS = EXAMPLE / "tests"
# Files the migration moves (ARCHITECTURE.md 3, LAYOUT.md "Moves of the migration").
MOVED = ["api", "core", "ws", "plugins", "config.py", "errors.py"]

LAYOUT = [
    "main.py", "config.py", "errors.py",
    "api/health.py", "api/versions.py", "api/datafeed.py", "api/broker.py",
    "core/simulation.py", "core/datafeed_service.py", "core/broker_service.py",
    "ws/router_interface.py", "ws/generic_route.py", "ws/datafeed.py", "ws/broker.py",
    "plugins/ws_adapter.py",
    "models/__init__.py", "models/common.py", "models/health.py", "models/versioning.py",
    "models/market/__init__.py", "models/broker/__init__.py",
]  # fmt: skip
CLASSES = {
    "api/health.py": "HealthApi",
    "api/versions.py": "VersionApi",
    "api/datafeed.py": "DatafeedApi",
    "api/broker.py": "BrokerApi",
    "core/datafeed_service.py": "DatafeedService",
    "core/broker_service.py": "BrokerService",
    "ws/router_interface.py": "WsRouterInterface",
    "ws/generic_route.py": "SubscriptionRoute",
    "ws/datafeed.py": "DatafeedWsRouters",
    "ws/broker.py": "BrokerWsRouters",
    "config.py": "Settings",
    "errors.py": "AppError",
}


def moved_files() -> list[Path]:
    files: list[Path] = []
    for name in MOVED:
        path = PACKAGE / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def parsed(paths: list[Path]) -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))) for path in paths]


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(EXAMPLE)}:{node.lineno}"


def type_checking_imports(tree: ast.Module) -> list[ast.AST]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found.extend(n for n in node.body if isinstance(n, (ast.Import, ast.ImportFrom)))
    return found


def function_imports(tree: ast.Module) -> list[ast.AST]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.extend(n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return found


def test_layout_and_class_names():
    missing = [name for name in LAYOUT if not (PACKAGE / name).is_file()]
    assert missing == []
    for name, cls in CLASSES.items():
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        assert cls in {n.name for n in tree.body if isinstance(n, ast.ClassDef)}, f"{name} lacks {cls}"
    for package in ("api", "core", "ws", "plugins", "models", "models/market", "models/broker"):
        assert (PACKAGE / package / "__init__.py").is_file(), package


def test_main_composes_at_import_time():
    tree = ast.parse((PACKAGE / "main.py").read_text(encoding="utf-8"))
    assigned = {t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
                for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}  # fmt: skip
    assert {"datafeed_service", "broker_service", "api_routers", "ws_routers", "apiApp", "wsApp", "app"} <= assigned
    assert any(isinstance(n, ast.Assign) and ast.unparse(n) == "app = apiApp" for n in tree.body)


def test_moved_files_use_every_import_form():
    trees = parsed(moved_files())
    relative_level2 = [where(p, n) for p, t in trees for n in ast.walk(t) if isinstance(n, ast.ImportFrom) and n.level >= 2]
    relative_sibling = [where(p, n) for p, t in trees for n in ast.walk(t) if isinstance(n, ast.ImportFrom) and n.level == 1]
    absolute_from = [where(p, n) for p, t in trees for n in ast.walk(t)
                     if isinstance(n, ast.ImportFrom) and n.level == 0 and (n.module or "").startswith("trading_api.")]  # fmt: skip
    import_as = [where(p, n) for p, t in trees for n in ast.walk(t) if isinstance(n, ast.Import)
                 and any(a.name.startswith("trading_api.") and a.asname for a in n.names)]  # fmt: skip
    from_core_module = [where(p, n) for p, t in trees for n in ast.walk(t)
                        if isinstance(n, ast.ImportFrom) and n.level == 2 and n.module == "core"]  # fmt: skip
    in_function = [where(p, n) for p, t in trees for n in function_imports(t)
                   if "trading_api" in ast.unparse(n) or getattr(n, "level", 0)]  # fmt: skip
    under_type_checking = [where(p, n) for p, t in trees for n in type_checking_imports(t)]
    all_lists = [where(p, n) for p, t in trees for n in t.body if isinstance(n, ast.Assign)
                 and any(isinstance(x, ast.Name) and x.id == "__all__" for x in n.targets)]  # fmt: skip
    forms = {
        "from ..x import y": relative_level2,
        "from .x import y": relative_sibling,
        "from trading_api.x import y": absolute_from,
        "import trading_api.x as y": import_as,
        "from ..core import <module>": from_core_module,
        "import inside a function": in_function,
        "import under TYPE_CHECKING": under_type_checking,
        "__all__": all_lists,
    }
    assert all(forms.values()), json.dumps(forms, indent=1)


def test_tests_use_the_old_app_forms():
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(TESTS.glob("test_*.py"))}
    expected = {"test_api_health.py", "test_api_versioning.py", "test_api_broker.py", "test_api_datafeed.py",
                "test_ws_broker.py", "test_ws_datafeed.py"}  # fmt: skip
    assert expected <= set(texts)
    for name, text in texts.items():
        assert "from trading_api.main import apiApp\n" in text, name
        assert "TestClient(apiApp)" in text or "ASGITransport(app=apiApp)" in text, name
        for line in text.splitlines():
            if "ASGITransport(" in line:
                assert 'AsyncClient(transport=ASGITransport(app=apiApp), base_url="http://test")' in line, line
            if "from trading_api.main import" in line:
                assert line.strip() == "from trading_api.main import apiApp", line
    joined = "\n".join(texts.values())
    assert 'mock.patch(\n        "trading_api.core.' in joined or 'mock.patch("trading_api.core.' in joined
    assert "import trading_api.core.datafeed_service as " in joined


def test_example_project_table():
    data = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))
    table = data["tool"]["refactor-tools"]
    assert (table["package"], table["source"], table["baseline"]) == ("trading_api", "src", "pre-modular-baseline")
    assert (table["plan"], table["progress"]) == ("plans/modular_backend.toml", "plans/MODULAR_BACKEND_IMPL.md")
    # The migration's first phase enables the app fixtures (`app.legacy`, `app.source`), so the
    # table may start without them; when present they name the global app.
    app = table.get("app", {})
    assert app.get("legacy", "trading_api.main:apiApp") == "trading_api.main:apiApp"
    assert app.get("source", "legacy") == "legacy"
    assert table["specs"] == {"openapi": "trading_api.main:apiApp", "asyncapi": "trading_api.main:wsApp"}
    assert data["tool"]["pytest"]["ini_options"]["pythonpath"] == ["src"]


@pytest.mark.parametrize("module", ["trading_api.main"])
def test_imports_nothing_of_the_modular_app(run_legacy, module):
    code = (
        f"import sys, json, {module}\n"
        "mods = {n: getattr(m, '__file__', None) for n, m in sys.modules.items() if n.split('.')[0] == 'trading_api'}\n"
        "print(json.dumps(mods))\n"
    )
    result = run_legacy(["-c", code])
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout)
    outside = {name: file for name, file in modules.items() if file is None or not Path(file).is_relative_to(PACKAGE)}
    assert outside == {}
    assert not [name for name in modules if name.split(".")[1:2] in (["shared"], ["modules"], ["app_factory"])]
