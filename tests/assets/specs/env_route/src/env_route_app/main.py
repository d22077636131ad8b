"""Registers a development-only route when ENVIRONMENT is "local", as many real backends do."""

import os

from fastapi import FastAPI

app = FastAPI(title="Env route", version="1.0.0")


@app.get("/items")
def list_items() -> list[int]:
    return []


if os.environ.get("ENVIRONMENT", "production") == "local":

    @app.post("/private/users")
    def create_user_without_login() -> dict[str, str]:
        return {"created": "yes"}
