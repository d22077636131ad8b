"""A thing."""
