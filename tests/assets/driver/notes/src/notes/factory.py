"""The app factory."""

from fastapi import FastAPI

from notes import store


def create_app() -> FastAPI:
    """Build a fresh app."""
    app = FastAPI()
    app.state.kind = "factory"

    @app.post("/notes")
    def add_note(text: str) -> dict:
        return {"id": store.add(text)}

    @app.get("/notes/count")
    def count_notes() -> dict:
        return {"count": store.count()}

    return app
