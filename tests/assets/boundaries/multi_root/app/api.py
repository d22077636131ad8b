"""Public API of the app."""

from app.modules.db import session

__all__ = ["session"]
