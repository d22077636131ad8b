"""Beta's API reaches into alpha with a relative import."""

from ..alpha import service as alpha_service
