"""Feature modules."""
