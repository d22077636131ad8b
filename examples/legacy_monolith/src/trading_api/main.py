"""The Trading API application: services, routers and both apps, composed at import time."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, AsyncIterator, Dict, Iterable, Iterator, List, Tuple

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from trading_api.api.broker import BrokerApi
from trading_api.api.datafeed import DatafeedApi
from trading_api.api.health import HealthApi
from trading_api.api.versions import VersionApi
from trading_api.config import Settings
from trading_api.core.broker_service import BrokerService
from trading_api.core.datafeed_service import DatafeedService
from trading_api.errors import install_error_handlers
from trading_api.plugins.ws_adapter import WS_PATH, build_ws_app
from trading_api.ws.broker import BrokerWsRouters
from trading_api.ws.datafeed import DatafeedWsRouters
from trading_api.ws.router_interface import WsRouterInterface

API_PREFIX = "/api/v1"
TITLE = "Trading API"
VERSION = "1.0.0"
DESCRIPTION = (
    "A comprehensive trading API server with market data and portfolio management. "
    "Supports multiple API versions for backwards compatibility."
)
OPENAPI_TAGS = [
    {"name": "health", "description": "Health check operations"},
    {"name": "versioning", "description": "API version information"},
    {"name": "datafeed", "description": "Market data and symbols operations"},
    {"name": "broker", "description": "Broker operations (orders, positions, executions)"},
]
WS_NOTE = "WebSocket endpoints use AsyncAPI spec, not OpenAPI/Swagger"

settings = Settings.from_env()

# One instance of each service, shared by the REST routers and the WebSocket routes.
datafeed_service = DatafeedService(settings)
broker_service = BrokerService(settings)

api_routers = [
    HealthApi(),
    VersionApi(),
    DatafeedApi(service=datafeed_service, prefix="/datafeed"),
    BrokerApi(service=broker_service, prefix="/broker"),
]

datafeed_ws = DatafeedWsRouters(service=datafeed_service)
broker_ws = BrokerWsRouters(service=broker_service)
broker_service.set_publisher(broker_ws.publish)
ws_routers: List[WsRouterInterface] = [*datafeed_ws.routes, *broker_ws.routes]

wsApp = build_ws_app(settings)
for ws_route in ws_routers:
    wsApp.include_router(ws_route.router)
    ws_route.attach(wsApp)


def _rest_routes(routes: Iterable[BaseRoute], prefix: str = "") -> Iterator[Tuple[str, APIRoute]]:
    """Yield `(full path, route)` of every REST route, descending into included routers."""
    for route in routes:
        # Recent FastAPI keeps an included router as one route holding the original router.
        included = getattr(route, "original_router", None)
        if included is not None:
            context = getattr(route, "include_context", None)
            yield from _rest_routes(included.routes, prefix + getattr(context, "prefix", ""))
        elif isinstance(route, APIRoute):
            yield prefix + route.path, route


def routes_without_response_model(app: FastAPI) -> List[str]:
    """Return `METHOD path` of every documented REST route that declares no response model."""
    missing = []
    for path, route in _rest_routes(app.routes):
        if route.include_in_schema and route.response_model is None:
            missing.extend(f"{method} {path}" for method in sorted(route.methods or ()))
    return sorted(missing)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Check the routes, start the WebSocket hub and the fill simulator; stop everything after."""
    missing = routes_without_response_model(app)
    if missing:
        raise RuntimeError(
            "These REST routes declare no response model: " + ", ".join(missing) + ". Add response_model= to each."
        )
    await wsApp.start()
    simulator = asyncio.get_running_loop().create_task(broker_service.run_fill_simulator())
    try:
        yield
    finally:
        simulator.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await simulator
        for ws_route in ws_routers:
            await ws_route.stop()
        await wsApp.stop()


apiApp = FastAPI(
    title=TITLE,
    version=VERSION,
    description=DESCRIPTION,
    openapi_tags=OPENAPI_TAGS,
    docs_url=f"{API_PREFIX}/docs",
    redoc_url=f"{API_PREFIX}/redoc",
    openapi_url=f"{API_PREFIX}/openapi.json",
    lifespan=lifespan,
)
apiApp.add_middleware(
    CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"]
)
install_error_handlers(apiApp)


@apiApp.get("/", response_model=dict, tags=["root"])
async def root() -> Dict[str, Any]:
    """Describe the API and where its parts live."""
    return {
        "name": TITLE,
        "version": VERSION,
        "current_api_version": "v1",
        "documentation": f"{API_PREFIX}/docs",
        "health": f"{API_PREFIX}/health",
        "versions": f"{API_PREFIX}/versions",
        "datafeed": f"{API_PREFIX}/datafeed",
        "websockets": {
            route.route: {
                "endpoint": WS_PATH,
                "docs": f"{WS_PATH}/asyncapi",
                "spec": f"{WS_PATH}/asyncapi.json",
                "operations": [f"{route.route}.subscribe", f"{route.route}.unsubscribe", f"{route.route}.update"],
                "note": WS_NOTE,
            }
            for route in ws_routers
        },
    }


for api_router in api_routers:
    apiApp.include_router(api_router, prefix=API_PREFIX, tags=["v1"])

# The WebSocket endpoint /api/v1/ws, with /api/v1/ws/asyncapi.json and /api/v1/ws/asyncapi.
wsApp.mount(apiApp, WS_PATH)

app = apiApp
