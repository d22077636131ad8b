"""Datafeed configuration models."""

from __future__ import annotations

from typing import List

from pydantic import BaseModel, Field


class Exchange(BaseModel):
    """An exchange offered by the datafeed."""

    value: str
    name: str
    desc: str


class DatafeedSymbolType(BaseModel):
    """A symbol type offered by the datafeed."""

    name: str
    value: str


def _default_exchanges() -> List[Exchange]:
    return [
        Exchange(value="", name="All Exchanges", desc=""),
        Exchange(value="NASDAQ", name="NASDAQ", desc="NASDAQ"),
        Exchange(value="NYSE", name="NYSE", desc="NYSE"),
    ]


def _default_symbol_types() -> List[DatafeedSymbolType]:
    return [
        DatafeedSymbolType(name="All types", value=""),
        DatafeedSymbolType(name="Stock", value="stock"),
        DatafeedSymbolType(name="Crypto", value="crypto"),
        DatafeedSymbolType(name="Forex", value="forex"),
    ]


class DatafeedConfiguration(BaseModel):
    """Body of GET /api/v1/datafeed/config."""

    supported_resolutions: List[str] = Field(default_factory=lambda: ["5", "1D", "1W"])
    supports_marks: bool = False
    supports_timescale_marks: bool = False
    supports_time: bool = False
    exchanges: List[Exchange] = Field(default_factory=_default_exchanges)
    symbols_types: List[DatafeedSymbolType] = Field(default_factory=_default_symbol_types)
