"""Module gamma."""
