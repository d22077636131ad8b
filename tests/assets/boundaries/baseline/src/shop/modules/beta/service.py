"""Beta's service."""
