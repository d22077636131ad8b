"""Seed the database."""

from app.api import session
from app.modules import db

__all__ = ["db", "session"]
