from fastapi import FastAPI

from shop.api import customers, orders

app = FastAPI(title="Shop")
app.include_router(orders.router)
app.include_router(customers.router)
