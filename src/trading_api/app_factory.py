"""The composition root: build one Trading API instance (REST app + WebSocket app)."""

from __future__ import annotations

import contextlib
from typing import Any, AsyncIterator, List, Optional, Sequence, Tuple

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute

from trading_api.shared.api.health import HealthApi
from trading_api.shared.api.versions import VersionApi
from trading_api.shared.errors import install_error_handlers
from trading_api.shared.module_interface import Module
from trading_api.shared.module_registry import ModuleRegistry
from trading_api.shared.plugins.ws_adapter import WS_PATH, WSApp, build_ws_app
from trading_api.shared.settings import Settings

API_PREFIX = "/api/v1"
TITLE = "Trading API"
VERSION = "1.0.0"
DESCRIPTION = (
    "A comprehensive trading API server with market data and portfolio management. "
    "Supports multiple API versions for backwards compatibility."
)
BASE_TAGS = [
    {"name": "health", "description": "Health check operations"},
    {"name": "versioning", "description": "API version information"},
]
# Modules are composed in this order (documents, tags, root info); others follow by name.
MODULE_ORDER = ("datafeed", "broker")
WS_NOTE = "WebSocket endpoints use AsyncAPI spec, not OpenAPI/Swagger"


class ResponseModelError(RuntimeError):
    """Some REST routes declare no response model."""


def _ordered(names: Sequence[str]) -> List[str]:
    rank = {name: i for i, name in enumerate(MODULE_ORDER)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def _route_views(app: FastAPI) -> List[Any]:
    """Return every route of `app` with its effective path, flattening included routers."""
    try:  # FastAPI >= 0.16x keeps included routers as nodes; older versions copy their routes.
        from fastapi.routing import iter_route_contexts
    except ImportError:  # pragma: no cover - depends on the installed FastAPI
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def routes_without_response_model(app: FastAPI) -> List[str]:
    """Return `METHOD path` of every documented REST route that declares no response model."""
    missing = []
    for view in _route_views(app):
        original = getattr(view, "original_route", view)
        if isinstance(original, APIRoute) and view.include_in_schema and view.response_model is None:
            missing.extend(f"{method} {view.path}" for method in sorted(view.methods or ()))
    return sorted(missing)


def route_paths(app: FastAPI) -> List[str]:
    """Return the sorted effective paths of every route of `app`."""
    return sorted({view.path for view in _route_views(app) if getattr(view, "path", None)})


def _root_info(route_names: Sequence[str]) -> dict[str, Any]:
    websockets = {
        name: {
            "endpoint": WS_PATH,
            "docs": f"{WS_PATH}/asyncapi",
            "spec": f"{WS_PATH}/asyncapi.json",
            "operations": [f"{name}.subscribe", f"{name}.unsubscribe", f"{name}.update"],
            "note": WS_NOTE,
        }
        for name in route_names
    }
    return {
        "name": TITLE,
        "version": VERSION,
        "current_api_version": "v1",
        "documentation": f"{API_PREFIX}/docs",
        "health": f"{API_PREFIX}/health",
        "versions": f"{API_PREFIX}/versions",
        "datafeed": f"{API_PREFIX}/datafeed",
        "websockets": websockets,
    }


def create_app(
    enabled_modules: Optional[Sequence[str]] = None, settings: Optional[Settings] = None
) -> Tuple[FastAPI, WSApp]:
    """Build a fresh app: only the enabled modules are imported, each with its own services.

    Args:
        enabled_modules: module names (None = every known module; [] = health and versions only).
        settings: the instance's settings (default: read from the environment now).

    Returns:
        `(api_app, ws_app)`; the WebSocket endpoint is mounted on `api_app` at `/api/v1/ws`.

    Raises:
        ModuleSelectionError: an unknown or duplicate module name.
    """
    settings = settings if settings is not None else Settings.from_env()
    registry = ModuleRegistry()
    modules: List[Module] = registry.load(_ordered(registry.resolve(enabled_modules)), settings)
    ws_app = build_ws_app(settings)
    ws_routes = [route for module in modules for route in module.ws_routers()]

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        missing = routes_without_response_model(app)
        if missing:
            raise ResponseModelError(
                "These REST routes declare no response model: " + ", ".join(missing)
                + ". Add response_model= to each."
            )
        await ws_app.start()
        started: List[Module] = []
        try:
            for module in modules:
                await module.start()
                started.append(module)
            yield
        finally:
            for module in reversed(started):
                await module.stop()
            await ws_app.stop()

    api_app = FastAPI(
        title=TITLE,
        version=VERSION,
        description=DESCRIPTION,
        openapi_tags=[dict(tag) for tag in BASE_TAGS] + [dict(module.openapi_tag) for module in modules],
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=f"{API_PREFIX}/redoc",
        openapi_url=f"{API_PREFIX}/openapi.json",
        swagger_ui_oauth2_redirect_url=f"{API_PREFIX}/docs/oauth2-redirect",
        lifespan=lifespan,
    )
    api_app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"]
    )
    install_error_handlers(api_app)
    info = _root_info([route.route for route in ws_routes])

    @api_app.get("/", response_model=dict, tags=["root"])
    async def root() -> dict:
        """Describe the API and where its parts live."""
        return info

    api_app.include_router(HealthApi(), prefix=API_PREFIX, tags=["v1"])
    api_app.include_router(VersionApi(), prefix=API_PREFIX, tags=["v1"])
    for module in modules:
        for router in module.api_routers():
            api_app.include_router(router, prefix=API_PREFIX, tags=["v1"])
    for route in ws_routes:
        ws_app.include_router(route.router)
        route.attach(ws_app)
    ws_app.mount(api_app, WS_PATH)
    api_app.state.ws_app = ws_app
    api_app.state.modules = {module.name: module for module in modules}
    api_app.state.settings = settings
    return api_app, ws_app
