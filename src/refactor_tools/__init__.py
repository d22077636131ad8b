"""refactor-tools: drive a gradual monolith-to-modular refactor of a FastAPI app."""

__version__ = "0.1.0"
