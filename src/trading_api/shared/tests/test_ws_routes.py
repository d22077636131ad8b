"""Topic builder (TRADING_API.md 5.4) and the generic route on a bare WSApp."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel

from trading_api.models import (
    Bar,
    BarsSubscriptionRequest,
    BrokerConnectionSubscriptionRequest,
    ExecutionSubscriptionRequest,
    QuoteDataSubscriptionRequest,
)
from trading_api.shared.plugins.ws_adapter import WSApp, build_ws_app
from trading_api.shared.settings import Settings
from trading_api.shared.ws.generic_route import SubscriptionRoute, build_topic
from trading_api.shared.ws.router_interface import WsRouterInterface


def test_topic_examples_of_the_contract() -> None:
    assert build_topic("bars", BarsSubscriptionRequest(symbol="AAPL", resolution="1D")) == (
        'bars:{"resolution":"1D","symbol":"AAPL"}'
    )
    quotes = QuoteDataSubscriptionRequest(symbols=["MSFT", "AAPL"], fast_symbols=[])
    assert build_topic("quotes", quotes) == 'quotes:{"fast_symbols":[],"symbols":["MSFT","AAPL"]}'
    executions = ExecutionSubscriptionRequest.model_validate({"accountId": "DEMO-ACCOUNT", "symbol": "AAPL"})
    assert build_topic("executions", executions) == 'executions:{"accountId":"DEMO-ACCOUNT"}'
    connection = BrokerConnectionSubscriptionRequest(accountId="DEMO-ACCOUNT")
    assert build_topic("broker-connection", connection) == 'broker-connection:{"accountId":"DEMO-ACCOUNT"}'


class Nested(BaseModel):
    b: Optional[str] = None
    a: dict[str, Optional[int]]


def test_topic_nulls_nesting_and_non_ascii() -> None:
    topic = build_topic("r", Nested(a={"z": None, "y": 1}, b=None))
    assert topic == 'r:{"a":{"y":1,"z":""},"b":""}'
    assert build_topic("bars", BarsSubscriptionRequest(symbol="Ä", resolution="1D")) == (
        'bars:{"resolution":"1D","symbol":"\\u00c4"}'
    )


def test_generic_route_declares_three_messages() -> None:
    route = SubscriptionRoute(
        "bars", tag="datafeed", request_model=BarsSubscriptionRequest, data_model=Bar, validate=lambda r: None
    )
    assert isinstance(route, WsRouterInterface)
    ws_app: WSApp = build_ws_app(Settings(client_queue_size=4, heartbeat_interval=5.0))
    ws_app.include_router(route.router)
    route.attach(ws_app)
    assert sorted(ws_app.operations) == ["bars.subscribe", "bars.unsubscribe"]
    assert list(ws_app.server_messages) == ["bars.update"]
    assert route.publish("bars:{}", Bar(time=0, open=1, high=1, low=1, close=1)) == 0  # nobody holds it
    doc = ws_app.asyncapi()
    assert doc["info"]["title"] == "Trading WebSockets" and len(doc["components"]["messages"]) == 5
