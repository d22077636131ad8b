"""Greeting text."""


def greet(name: str) -> str:
    """Return a greeting."""
    return f"hello {name}"
