"""Reads its settings the way many backends do: pydantic-settings and a `.env` file."""

from fastapi import FastAPI
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    SECRET_KEY: str
    API_PREFIX: str = "/api"


settings = Settings()
app = FastAPI(title="Settings app", version="1.0.0")


@app.get(f"{settings.API_PREFIX}/items")
def list_items() -> list[int]:
    return []
