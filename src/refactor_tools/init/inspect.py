"""Look at a FastAPI project without importing it: layout, app objects, routers, tests, data.

Everything is read with `ast` from the files on disk, so a project whose imports need a
database, settings or a `.env` is inspected as safely as any other.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError

_NOT_CODE = {"tests", "test", "alembic", "migrations", "docs", "scripts", "node_modules", "build", "dist"}
_DATA_NAMES = ("data", "static", "templates", "email-templates", "fixtures", "assets")


@dataclass(frozen=True)
class AppObject:
    """A FastAPI app or app factory found in the code, as "module:name"."""

    ref: str
    kind: str  # "app" (module-level FastAPI(...)) or "factory" (a function that builds one)


@dataclass(frozen=True)
class ProjectLayout:
    """What `init` found; every path is relative to `root` (the project directory)."""

    root: Path
    repository: Path
    package: str
    source: str
    apps: tuple[AppObject, ...]
    routers: tuple[str, ...]      # dotted modules (relative to the package) defining an APIRouter
    tests: str | None
    alembic: str | None
    data: tuple[str, ...]
    env_file: str | None
    has_pyproject: bool

    @property
    def legacy_app(self) -> str | None:
        """Return the module-level app to serve, preferring one in a `main` module."""
        apps = [a.ref for a in self.apps if a.kind == "app"]
        main = [ref for ref in apps if ref.split(":")[0].rsplit(".", 1)[-1] == "main"]
        return (main or apps or [None])[0]

    @property
    def factory(self) -> str | None:
        """Return the first app factory, if the project has one."""
        return next((a.ref for a in self.apps if a.kind == "factory"), None)


def inspect_project(start: Path) -> ProjectLayout:
    """Find the FastAPI project at or below `start` (one level of sub-folders) and describe it.

    Raises:
        UsageError: no package with a FastAPI app was found.
    """
    start = start.resolve()
    candidates = [start, *sorted(p for p in start.iterdir() if p.is_dir() and not p.name.startswith("."))]
    for root in candidates:
        found = _find_package(root)
        if found:
            package, source = found
            return _describe(root, start, package, source)
    raise UsageError(
        f"no Python package with a FastAPI app found in {start} or its sub-folders",
        hint="run init in the project directory (where the package or src/ is), or pass --project DIR",
    )


def _find_package(root: Path) -> tuple[str, str] | None:
    for source in ("src", "."):
        base = root / source
        if not base.is_dir():
            continue
        packages = sorted(
            p.name for p in base.iterdir()
            if (p / "__init__.py").is_file() and p.name not in _NOT_CODE and not p.name.startswith((".", "_"))
        )
        with_app = [name for name in packages if _apps(base, name)]
        if with_app:
            return with_app[0], source
    return None


def _python_files(package_dir: Path) -> list[Path]:
    return sorted(
        p for p in package_dir.rglob("*.py")
        if not _NOT_CODE.intersection(p.relative_to(package_dir).parts[:-1])
    )


def _module_name(base: Path, path: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _parse(path: Path) -> ast.Module | None:
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError, OSError):
        return None


def _calls(node: ast.AST, names: set[str]) -> bool:
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in names:
                return True
    return False


def _apps(base: Path, package: str) -> list[AppObject]:
    found = []
    for path in _python_files(base / package):
        tree = _parse(path)
        if tree is None:
            continue
        module = _module_name(base, path)
        factories = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and _calls(n, {"FastAPI"})]
        found += [AppObject(f"{module}:{name}", "factory") for name in factories]
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                # `app = FastAPI(...)`, or `app = create_app()` with the factory beside it
                if _calls(node.value, {"FastAPI", *factories}):
                    found += [AppObject(f"{module}:{t.id}", "app") for t in targets if isinstance(t, ast.Name)]
    return found


def _routers(base: Path, package: str) -> tuple[str, ...]:
    found = []
    for path in _python_files(base / package):
        tree = _parse(path)
        if tree is None:
            continue
        if _calls(tree, {"include_router"}):
            continue  # an aggregator (api/main.py) gathers routers; it is no module of its own
        for node in tree.body:
            built = isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None and _calls(
                node.value, {"APIRouter"}
            )
            # class BrokerApi(APIRouter): ... is a router file as well
            subclass = isinstance(node, ast.ClassDef) and any(
                (base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", None)) == "APIRouter"
                for base in node.bases
            )
            if built or subclass:
                found.append(_module_name(base / package, path))
                break
    return tuple(sorted(set(found)))


def _first_dir(root: Path, names: tuple[str, ...]) -> str | None:
    for name in names:
        if (root / name).is_dir():
            return name
    return None


def _describe(root: Path, start: Path, package: str, source: str) -> ProjectLayout:
    base = root / source
    package_dir = base / package
    alembic = None
    for candidate in (root / "alembic", package_dir / "alembic", root / "migrations", package_dir / "migrations"):
        if candidate.is_dir():
            alembic = candidate.relative_to(root).as_posix()
            break
    tests = _first_dir(root, ("tests", "test"))
    if tests is None and (package_dir / "tests").is_dir():
        tests = (package_dir / "tests").relative_to(root).as_posix()
    data = sorted(
        p.relative_to(root).as_posix()
        for folder in (root, package_dir)
        for p in folder.iterdir()
        if p.is_dir() and p.name in _DATA_NAMES
    )
    env_file = next((name for name in (".env", ".env.example") if (root / name).is_file()), None)
    return ProjectLayout(
        root=root,
        repository=start,
        package=package,
        source=source,
        apps=tuple(_apps(base, package)),
        routers=_routers(base, package),
        tests=tests,
        alembic=alembic,
        data=tuple(data),
        env_file=".env" if env_file else None,
        has_pyproject=(root / "pyproject.toml").is_file(),
    )
