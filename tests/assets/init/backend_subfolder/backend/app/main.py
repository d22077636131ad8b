from fastapi import FastAPI

from app.api.main import api_router


def create_app() -> FastAPI:
    application = FastAPI(title="Backend")
    application.include_router(api_router, prefix="/api/v1")
    return application


app = create_app()
