"""Database layer."""


def session():
    """Open a session."""
