"""Typed WebSocket operations over one endpoint, with a generated AsyncAPI 3.0 document."""
