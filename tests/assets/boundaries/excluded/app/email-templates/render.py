"""Render a template."""

from app.modules.users import service  # noqa: F401
