"""Alembic environment (run by alembic, never imported)."""

from app.modules.items import api  # noqa: F401
from app.modules.users import service  # noqa: F401
