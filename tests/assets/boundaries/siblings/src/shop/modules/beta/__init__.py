"""Module beta."""
