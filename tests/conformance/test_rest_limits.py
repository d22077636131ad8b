"""Input limits over REST (TRADING_API.md 3.1): non-finite numbers, list and string lengths, body size."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.integration

JSON = {"content-type": "application/json"}
ORDER = '{"symbol": "AAPL", "type": 1, "side": 1, "qty": 1, "limitPrice": 10.0%s}'
LEVERAGE = '{"symbol": "AAPL", "orderType": 1, "side": 1, "leverage": %s}'

NON_FINITE_BODIES = [
    ("post", "/api/v1/datafeed/quotes", '{"symbols": [NaN]}', ["body", "symbols", 0]),
    ("post", "/api/v1/broker/orders", '{"symbol": "AAPL", "type": 2, "side": 1, "qty": NaN}', ["body", "qty"]),
    ("post", "/api/v1/broker/orders", ORDER % ', "stopPrice": Infinity', ["body", "stopPrice"]),
    ("post", "/api/v1/broker/orders", ORDER % ', "currentQuotes": {"ask": NaN, "bid": 1}', ["body", "currentQuotes", "ask"]),
    ("post", "/api/v1/broker/orders/preview", ORDER % ', "takeProfit": -Infinity', ["body", "takeProfit"]),
    ("post", "/api/v1/broker/orders/preview", ORDER.replace("10.0", "NaN") % "", ["body", "limitPrice"]),
    ("put", "/api/v1/broker/orders/ORDER-1", ORDER % ', "trailingStopPips": NaN', ["body", "trailingStopPips"]),
    ("put", "/api/v1/broker/leverage/set", LEVERAGE % "NaN", ["body", "leverage"]),
    ("put", "/api/v1/broker/leverage/set", LEVERAGE % "Infinity", ["body", "leverage"]),
    ("post", "/api/v1/broker/leverage/preview", LEVERAGE % "NaN", ["body", "leverage"]),
    ("post", "/api/v1/broker/leverage/preview", LEVERAGE % '1, "customFields": {"a": [NaN]}', ["body", "customFields"]),
    ("put", "/api/v1/broker/positions/AAPL/brackets", '{"brackets": {"stopLoss": NaN}}', ["body", "brackets", "stopLoss"]),
    ("put", "/api/v1/broker/positions/AAPL/brackets", '{"brackets": {}, "customFields": {"x": Infinity}}', ["body", "customFields"]),
]


@pytest.mark.parametrize(("method", "path", "body", "loc"), NON_FINITE_BODIES)
def test_non_finite_numbers_in_bodies_give_422(http, method, path, body, loc):
    response = http.request(method.upper(), path, content=body, headers=JSON)
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    assert [error["loc"] for error in errors] == [loc]
    # The rejected value is echoed as text (JSON has no NaN); nothing was computed from it.
    assert errors[0]["type"] in ("finite_number", "value_error", "string_type")
    assert "nan%" not in response.text and "$nan" not in response.text


def test_leverage_nan_is_not_stored_or_echoed(http):
    assert http.put("/api/v1/broker/leverage/set", content=LEVERAGE % "NaN", headers=JSON).status_code == 422
    info = http.get("/api/v1/broker/leverage/info", params={"symbol": "AAPL", "orderType": 1, "side": 1})
    assert info.json()["leverage"] == 10.0


@pytest.mark.parametrize("amount", ["nan", "inf", "-inf", "Infinity"])
def test_non_finite_query_amount_gives_422(http, amount):
    response = http.delete("/api/v1/broker/positions/AAPL", params={"amount": amount})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["type"] == "finite_number"


def test_quotes_for_500_symbols_of_64_characters(http):
    symbols = ["AAPL", *(f"{i:064d}" for i in range(499))]
    response = http.post("/api/v1/datafeed/quotes", json={"symbols": symbols})
    assert response.status_code == 200
    quotes = response.json()
    assert [quote["n"] for quote in quotes] == symbols
    assert quotes[0]["s"] == "ok" and {quote["s"] for quote in quotes[1:]} == {"error"}


@pytest.mark.parametrize(
    ("symbols", "error_type"),
    [([f"S{i}" for i in range(501)], "too_long"), (["X" * 65], "string_too_long")],
    ids=["501-symbols", "65-char-symbol"],
)
def test_quotes_beyond_the_limits_give_422_with_a_short_echo(http, symbols, error_type):
    response = http.post("/api/v1/datafeed/quotes", json={"symbols": symbols})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["type"] == error_type
    assert len(response.content) < 4096  # the rejected input is echoed cut short


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("get", "/api/v1/datafeed/search", {"user_input": "A" * 65}),
        ("get", "/api/v1/datafeed/bars", {"symbol": "A" * 65, "resolution": "1D", "from_time": 0, "to_time": 1}),
        ("get", f"/api/v1/datafeed/resolve/{'A' * 65}", {}),
        ("get", f"/api/v1/broker/executions/{'A' * 65}", {}),
        ("get", "/api/v1/broker/leverage/info", {"symbol": "A" * 65, "orderType": 1, "side": 1}),
        ("post", "/api/v1/broker/orders", None),
    ],
    ids=["search", "bars", "resolve", "executions", "leverage-info", "order"],
)
def test_symbols_longer_than_64_characters_give_422(http, method, path, params):
    if params is None:
        response = http.post(path, json={"symbol": "A" * 65, "type": 2, "side": 1, "qty": 1})
    else:
        response = http.request(method.upper(), path, params=params)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["type"] == "string_too_long"


def test_body_above_256_kib_gives_413_without_parsing(http):
    body = json.dumps({"symbols": ["A"] * 500_000})  # the request of the issue: 2.5 MB
    response = http.post("/api/v1/datafeed/quotes", content=body, headers=JSON)
    assert response.status_code == 413
    assert response.json()["detail"] == (
        f"Request body too large: {len(body)} bytes or more; the limit is 262144 bytes. "
        "Send a smaller request (at most 500 symbols of 64 characters)."
    )


def test_chunked_body_above_the_limit_gives_413(http):
    def chunks():
        yield b'{"symbols": ['
        for _ in range(100):
            yield b'"AAPL",' * 500
        yield b'"AAPL"]}'

    response = http.post("/api/v1/datafeed/quotes", content=chunks(), headers=JSON)
    assert response.status_code == 413
    assert "the limit is 262144 bytes" in response.json()["detail"]
    assert http.get("/api/v1/health").status_code == 200


def test_limits_are_documented_in_the_specs(http):
    schemas = http.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["GetQuotesRequest"]["properties"]["symbols"] == {
        "items": {"maxLength": 64, "type": "string"}, "maxItems": 500, "title": "Symbols", "type": "array",
    }
    assert schemas["PreOrder"]["properties"]["symbol"]["maxLength"] == 64
    ws_schemas = http.get("/api/v1/ws/asyncapi.json").json()["components"]["schemas"]
    quotes = ws_schemas["QuoteDataSubscriptionRequest"]["properties"]
    assert quotes["symbols"]["maxItems"] == quotes["fast_symbols"]["maxItems"] == 500
    assert quotes["symbols"]["items"]["maxLength"] == 64
    assert ws_schemas["BarsSubscriptionRequest"]["properties"]["symbol"]["maxLength"] == 64
