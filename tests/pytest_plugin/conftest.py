"""Build tiny FastAPI projects inside pytester's directory for the plugin's tests."""

from __future__ import annotations

import textwrap
import uuid
from dataclasses import dataclass

import pytest

FACTORY = '''
import contextlib
import importlib

from fastapi import FastAPI


def create_app(enabled_modules=None, greeting="hello"):
    names = ["billing", "orders"] if enabled_modules is None else list(enabled_modules)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        app.state.started = True
        yield
        app.state.started = False

    app = FastAPI(lifespan=lifespan)
    app.state.started = False
    app.state.kind = "factory"
    app.state.modules = names

    @app.get("/info")
    def info():
        return {"kind": app.state.kind, "modules": app.state.modules,
                "started": app.state.started, "greeting": greeting}

    for name in names:
        module = importlib.import_module(f"{__package__}.modules.{name}")
        app.include_router(module.router)
    return app, "ws-app"
'''

MAIN = '''
from .factory import create_app

app, ws_app = create_app()
app.state.kind = "legacy"
'''

MODULE = '''
from fastapi import APIRouter

router = APIRouter()


@router.get("/{name}")
def hello():
    return {{"module": "{name}"}}
'''


@dataclass(frozen=True)
class Project:
    """A generated project: its package name and where its modules live."""

    package: str
    modules_dir: str

    def module_tests(self, module: str) -> str:
        """Return the relative path of a module's tests folder."""
        return f"{self.modules_dir}/{module}/tests"


@pytest.fixture
def project(pytester: pytest.Pytester):
    """Return `make(app_table, ...)`: write a project with `orders` and `billing` modules."""

    def make(app_table: str | None = 'legacy = "{pkg}.main:app"\nfactory = "{pkg}.factory:create_app"',
             *, leak: bool = False, extra_toml: str = "") -> Project:
        # A unique package name per project keeps in-process runs from sharing sys.modules.
        pkg = f"shop_{uuid.uuid4().hex[:10]}"
        toml = f'[tool.refactor-tools]\npackage = "{pkg}"\nsource = "src"\n'
        if app_table is not None:
            toml += "[tool.refactor-tools.app]\n" + app_table.format(pkg=pkg) + "\n"
        toml += extra_toml
        toml += '[tool.pytest.ini_options]\nasyncio_default_fixture_loop_scope = "function"\n'
        pytester.makefile(".toml", pyproject=toml)
        base = f"src/{pkg}"
        files = {
            f"{base}/__init__.py": "",
            f"{base}/factory.py": FACTORY,
            f"{base}/main.py": MAIN,
            f"{base}/modules/__init__.py": "",
        }
        for module in ("billing", "orders"):
            files[f"{base}/modules/{module}/__init__.py"] = MODULE.format(name=module)
            files[f"{base}/modules/{module}/tests/__init__.py"] = ""
        if leak:
            # orders reaches into billing through a helper of its own: a two-step chain.
            files[f"{base}/modules/orders/service.py"] = f"from {pkg}.modules.orders import helpers\n"
            files[f"{base}/modules/orders/helpers.py"] = f"from {pkg}.modules.billing import router\n"
        for path, content in files.items():
            target = pytester.path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(content).lstrip(), encoding="utf-8")
        return Project(package=pkg, modules_dir=f"{base}/modules")

    return make
