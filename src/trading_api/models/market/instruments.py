"""Symbol models."""

from __future__ import annotations

from typing import List, Literal

from pydantic import BaseModel


class SymbolInfo(BaseModel):
    """A resolved symbol."""

    name: str
    description: str
    type: str
    session: str
    timezone: str
    ticker: str = ""
    exchange: str
    listed_exchange: str
    format: str
    pricescale: int
    minmov: int
    has_intraday: bool
    has_daily: bool
    supported_resolutions: List[str]
    volume_precision: int
    data_status: Literal["streaming", "endofday", "delayed_streaming"]


class SearchSymbolResultItem(BaseModel):
    """One search hit."""

    symbol: str
    description: str
    exchange: str
    ticker: str = ""
    type: str
