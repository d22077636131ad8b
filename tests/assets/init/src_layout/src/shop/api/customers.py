from fastapi import APIRouter


class CustomersApi(APIRouter):
    """A router written as a class (init finds it by its base class)."""

    def __init__(self) -> None:
        super().__init__(prefix="/customers", tags=["customers"])
        self.add_api_route("/", self.list_customers, methods=["GET"])

    def list_customers(self) -> list:
        return []


router = CustomersApi()
