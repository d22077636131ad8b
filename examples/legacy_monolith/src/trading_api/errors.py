"""App errors: one base class carrying an HTTP status, and the handler that renders it.

Services raise these without depending on the web framework; only the handler touches it.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "BAD_REQUEST",
    "MAX_BODY_BYTES",
    "NOT_FOUND",
    "AppError",
    "BadRequestError",
    "BodySizeLimit",
    "NotFoundError",
    "app_error_handler",
    "install_error_handlers",
    "validation_error_handler",
]

MAX_BODY_BYTES = 262_144
"""Largest request body accepted (bytes): 413 beyond. The largest valid body (500 symbols of 64
characters, even written as \\u escapes) takes less than 200 kB."""

# How much of a rejected input a 422 body echoes: enough to see the mistake, never megabytes.
_ECHO_ITEMS = 16
_ECHO_CHARS = 256


class AppError(Exception):
    """An expected error a client caused; rendered as `{"detail": message}`."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequestError(AppError):
    """The request cannot be carried out (400)."""

    status_code = 400


class NotFoundError(AppError):
    """The addressed resource does not exist (404)."""

    status_code = 404


BAD_REQUEST: dict[int | str, dict[str, Any]] = {400: {"description": "Bad request"}}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Not found"}}


async def app_error_handler(request: Any, exc: Exception) -> Any:
    """Render an AppError as its status code and detail message."""
    from starlette.responses import JSONResponse

    status = exc.status_code if isinstance(exc, AppError) else 500
    return JSONResponse(status_code=status, content={"detail": str(exc)})


def _echo(value: Any, depth: int = 0) -> Any:
    """Return `value` made JSON-safe and short: non-finite numbers as text, long inputs cut."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, str):
        return value if len(value) <= _ECHO_CHARS else value[:_ECHO_CHARS] + "..."
    if isinstance(value, dict):
        if depth > 4:
            return "{...}"
        items = list(value.items())[:_ECHO_ITEMS]
        return {str(key)[:_ECHO_CHARS]: _echo(item, depth + 1) for key, item in items}
    if isinstance(value, (list, tuple)):
        if depth > 4:
            return "[...]"
        return [_echo(item, depth + 1) for item in value[:_ECHO_ITEMS]]
    return value


async def validation_error_handler(request: Any, exc: Exception) -> Any:
    """Render a request validation failure as FastAPI's standard 422 body, JSON-safe and bounded.

    The standard handler echoes each rejected input whole: a `NaN` in it made the response
    unserialisable (500), and a 200,000-item list made it megabytes long.
    """
    from fastapi.encoders import jsonable_encoder
    from starlette.responses import JSONResponse

    errors = []
    for error in exc.errors():  # type: ignore[attr-defined]
        error = dict(error)
        if "input" in error:
            error["input"] = _echo(error["input"])
        if "ctx" in error:
            error["ctx"] = _echo(error["ctx"])
        errors.append(error)
    return JSONResponse(status_code=422, content={"detail": jsonable_encoder(errors)})


class BodySizeLimit:
    """ASGI middleware: answer 413 to a request whose body exceeds `max_bytes`, before the app parses it."""

    def __init__(self, app: Any, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send, declared)
            return
        # Read the body up to the limit (chunked uploads declare no length), then replay it.
        chunks: list[bytes] = []
        size = 0
        first = None
        while True:
            message = await receive()
            if message["type"] != "http.request":
                first = message  # the client left: let the app see it
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(send, size)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replay = first or {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        replayed = False

        async def replay_receive() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return replay
            return await receive()

        await self.app(scope, replay_receive, send)

    async def _refuse(self, send: Any, size: int) -> None:
        from starlette.responses import JSONResponse

        detail = (
            f"Request body too large: {size} bytes or more; the limit is {self.max_bytes} bytes. "
            "Send a smaller request (at most 500 symbols of 64 characters)."
        )
        response = JSONResponse(status_code=413, content={"detail": detail}, headers={"connection": "close"})
        await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Any:
    return {"type": "http.disconnect"}


def _content_length(scope: Any) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def install_error_handlers(app: Any) -> None:
    """Register the AppError and validation handlers and the body size limit on a FastAPI app."""
    from fastapi.exceptions import RequestValidationError

    app.add_exception_handler(AppError, app_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
