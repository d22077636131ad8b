"""REST routes of the datafeed (`/datafeed`)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Callable, List, Optional, TypeVar

from fastapi import APIRouter, HTTPException, Path, Query, Response
from pydantic import TypeAdapter

from trading_api.models import (
    DatafeedConfiguration,
    DatafeedHealthResponse,
    GetBarsResponse,
    GetQuotesRequest,
    QuoteData,
    SearchSymbolResultItem,
    SymbolInfo,
)
from trading_api.models.limits import MAX_SYMBOL_LENGTH
from trading_api.modules.datafeed.service import DatafeedService
from trading_api.shared.errors import BAD_REQUEST, NOT_FOUND, AppError, NotFoundError

T = TypeVar("T")

SymbolText = Annotated[str, Query(max_length=MAX_SYMBOL_LENGTH)]

# Quotes are computed and serialised this many at a time, letting other requests run in between.
QUOTES_CHUNK = 25
_QUOTE_LIST = TypeAdapter(List[QuoteData])

GET_BARS_DESCRIPTION = (
    "Return the bars of a symbol at a resolution within a time range, oldest first. "
    "Bar times are Unix milliseconds (UTC)."
)


def _guard(action: str, call: Callable[[], T]) -> T:
    """Run `call`; expected errors pass through, anything else becomes a 500 naming `action`."""
    try:
        return call()
    except AppError:
        raise
    except Exception as exc:
        raise HTTPException(status_code=500, detail=f"Error {action}: {exc}") from exc


class DatafeedApi(APIRouter):
    """Market data routes backed by one DatafeedService."""

    def __init__(self, service: DatafeedService, **kwargs: object) -> None:
        kwargs.setdefault("prefix", "/datafeed")
        kwargs.setdefault("tags", ["datafeed"])
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.service = service
        route = self.add_api_route
        route("/config", self.get_config, methods=["GET"], response_model=DatafeedConfiguration,
              summary="Get datafeed configuration", operation_id="getConfig")
        route("/search", self.search_symbols, methods=["GET"], response_model=List[SearchSymbolResultItem],
              summary="Search symbols", operation_id="searchSymbols")
        route("/resolve/{symbol}", self.resolve_symbol, methods=["GET"], response_model=SymbolInfo,
              summary="Resolve symbol", operation_id="resolveSymbol", responses=NOT_FOUND)
        route("/bars", self.get_bars, methods=["GET"], response_model=GetBarsResponse,
              summary="Get historical bars", operation_id="getBars", responses=BAD_REQUEST,
              description=GET_BARS_DESCRIPTION)
        route("/quotes", self.get_quotes, methods=["POST"], response_model=List[QuoteData],
              summary="Get quotes for symbols", operation_id="getQuotes")
        route("/health", self.health, methods=["GET"], response_model=DatafeedHealthResponse,
              summary="Datafeed health check", operation_id="datafeedHealthCheck")

    async def get_config(self) -> DatafeedConfiguration:
        """Return the datafeed configuration."""
        return _guard("getting configuration", self.service.get_config)

    async def search_symbols(
        self,
        user_input: SymbolText,
        exchange: str = Query("", max_length=MAX_SYMBOL_LENGTH),
        symbol_type: str = Query("", max_length=MAX_SYMBOL_LENGTH),
        max_results: int = 50,
    ) -> List[SearchSymbolResultItem]:
        """Search the symbols by name, description or ticker."""
        return _guard(
            "searching symbols",
            lambda: self.service.search_symbols(user_input, exchange, symbol_type, max_results),
        )

    async def resolve_symbol(self, symbol: Annotated[str, Path(max_length=MAX_SYMBOL_LENGTH)]) -> SymbolInfo:
        """Return the information of one symbol."""

        def resolve() -> SymbolInfo:
            info = self.service.resolve_symbol(symbol)
            if info is None:
                raise NotFoundError("Symbol not found")
            return info

        return _guard("resolving symbol", resolve)

    async def get_bars(
        self,
        symbol: SymbolText,
        resolution: str,
        from_time: int = Query(description="Start of the range (inclusive), Unix time in milliseconds"),
        to_time: int = Query(description="End of the range (inclusive), Unix time in milliseconds"),
        count_back: Optional[int] = Query(None, description="If set, return only the last N bars of the range"),
    ) -> GetBarsResponse:
        """Return historical bars."""
        return _guard(
            "getting bars",
            lambda: self.service.get_bars(symbol, resolution, from_time, to_time, count_back),
        )

    async def get_quotes(self, request: GetQuotesRequest) -> Response:
        """Return quotes for the requested symbols (a `List[QuoteData]`, serialised here chunk by chunk)."""
        symbols = request.symbols
        parts: List[bytes] = []
        for start in range(0, len(symbols), QUOTES_CHUNK):
            chunk = symbols[start : start + QUOTES_CHUNK]
            quotes = _guard("getting quotes", lambda: self.service.get_quotes(chunk))
            parts.append(_QUOTE_LIST.dump_json(quotes)[1:-1])  # the items, without the brackets
            if start + QUOTES_CHUNK < len(symbols):
                await asyncio.sleep(0)  # a large request never holds the event loop for long
        return Response(content=b"[" + b",".join(parts) + b"]", media_type="application/json")

    async def health(self) -> DatafeedHealthResponse:
        """Report that the datafeed is running."""
        return _guard("checking datafeed health", self.service.get_health)
