"""Beta's API."""

router = object()
