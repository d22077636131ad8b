"""A base model."""
