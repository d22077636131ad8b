"""Market data models."""

from .bars import Bar, BarsSubscriptionRequest, GetBarsResponse
from .configuration import DatafeedConfiguration, DatafeedSymbolType, Exchange
from .health import DatafeedHealthResponse
from .instruments import SearchSymbolResultItem, SymbolInfo
from .quotes import GetQuotesRequest, QuoteData, QuoteDataSubscriptionRequest, QuoteValues

__all__ = [
    "Bar",
    "BarsSubscriptionRequest",
    "DatafeedConfiguration",
    "DatafeedHealthResponse",
    "DatafeedSymbolType",
    "Exchange",
    "GetBarsResponse",
    "GetQuotesRequest",
    "QuoteData",
    "QuoteDataSubscriptionRequest",
    "QuoteValues",
    "SearchSymbolResultItem",
    "SymbolInfo",
]
