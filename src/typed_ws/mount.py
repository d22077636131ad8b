"""Attach a WSApp to a FastAPI/Starlette app: the endpoint and the two AsyncAPI routes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from typed_ws.page import render_page

if TYPE_CHECKING:
    from typed_ws.app import WSApp


def mount_on(ws_app: WSApp, app: Any, path: str) -> None:
    """Register the WebSocket route and the hidden GET routes of the AsyncAPI document."""

    async def asyncapi_json(request: Request) -> JSONResponse:
        return JSONResponse(ws_app.asyncapi())

    async def asyncapi_page(request: Request) -> HTMLResponse:
        return HTMLResponse(render_page(ws_app.asyncapi()))

    json_path, page_path = f"{path}/asyncapi.json", f"{path}/asyncapi"
    if hasattr(app, "add_api_websocket_route"):  # FastAPI app or APIRouter
        app.add_api_websocket_route(path, ws_app.endpoint)
        app.add_api_route(json_path, asyncapi_json, methods=["GET"], include_in_schema=False)
        app.add_api_route(page_path, asyncapi_page, methods=["GET"], include_in_schema=False)
    elif hasattr(app, "add_websocket_route"):  # plain Starlette
        app.add_websocket_route(path, ws_app.endpoint)
        app.add_route(json_path, asyncapi_json, methods=["GET"], include_in_schema=False)
        app.add_route(page_path, asyncapi_page, methods=["GET"], include_in_schema=False)
    else:
        raise TypeError(f"Cannot mount on {type(app).__name__}: expected a FastAPI, APIRouter or Starlette app.")
