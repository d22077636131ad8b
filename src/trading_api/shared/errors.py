"""App errors: one base class carrying an HTTP status, and the handler that renders it.

Services raise these without depending on the web framework; only the handler touches it.
"""

from __future__ import annotations

from typing import Any


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


def install_error_handlers(app: Any) -> None:
    """Register the AppError handler on a FastAPI app."""
    app.add_exception_handler(AppError, app_error_handler)
