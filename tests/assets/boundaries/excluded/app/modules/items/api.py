"""Items API."""

from app.models import Item

__all__ = ["Item"]
