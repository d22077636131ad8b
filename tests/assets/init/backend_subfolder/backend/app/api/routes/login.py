from fastapi import APIRouter

router = APIRouter(prefix="/login", tags=["login"])


@router.get("/")
def read_login() -> list:
    return []
