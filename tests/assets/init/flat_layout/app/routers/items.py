from fastapi import APIRouter

from app.core.db import items

router = APIRouter(prefix="/items")


@router.get("/")
def list_items() -> list:
    return items()
