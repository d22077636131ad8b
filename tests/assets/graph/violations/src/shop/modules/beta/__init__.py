"""Beta module."""
