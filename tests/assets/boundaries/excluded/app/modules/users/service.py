"""Users service."""

from app import models
