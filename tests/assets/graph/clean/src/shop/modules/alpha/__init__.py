"""Alpha module."""
