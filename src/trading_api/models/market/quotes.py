"""Quote models."""

from __future__ import annotations

from typing import Literal, Union

from pydantic import BaseModel

from ..limits import REQUEST_CONFIG, SymbolList


class QuoteValues(BaseModel):
    """Values of a quote."""

    lp: float
    ask: float
    bid: float
    spread: float
    open_price: float
    high_price: float
    low_price: float
    prev_close_price: float
    volume: int
    ch: float
    chp: float
    short_name: str
    exchange: str
    description: str
    original_name: str


class QuoteData(BaseModel):
    """A quote or a per-symbol error."""

    s: Literal["ok", "error"]
    n: str
    v: Union[QuoteValues, dict]


class GetQuotesRequest(BaseModel):
    """Body of POST /api/v1/datafeed/quotes."""

    model_config = REQUEST_CONFIG

    symbols: SymbolList


class QuoteDataSubscriptionRequest(BaseModel):
    """Payload of quotes.subscribe and quotes.unsubscribe."""

    model_config = REQUEST_CONFIG

    symbols: SymbolList
    fast_symbols: SymbolList
