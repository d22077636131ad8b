"""The app, built at import time the way a monolith does it."""

from fastapi import FastAPI

from tinyapp.greeting import greet

app = FastAPI(title="Tiny", version="1.0.0")


@app.get("/health")
def health() -> dict[str, str]:
    """Report that the app is up."""
    return {"status": "ok"}


@app.get("/greet/{name}")
def greeting(name: str) -> dict[str, str]:
    """Greet someone."""
    return {"message": greet(name)}
