"""The simulated datafeed: symbols, configuration, search, bars, quotes and stream data."""

from __future__ import annotations

import datetime as dt
import random
from typing import Callable, Iterator, List, Optional

from trading_api.models import (
    Bar,
    BarsSubscriptionRequest,
    DatafeedConfiguration,
    DatafeedHealthResponse,
    GetBarsResponse,
    QuoteData,
    QuoteDataSubscriptionRequest,
    QuoteValues,
    SearchSymbolResultItem,
    SymbolInfo,
)
from trading_api.shared.errors import BadRequestError
from trading_api.shared.settings import Settings
from trading_api.shared.simulation import (
    DAILY_BARS,
    MIN_PRICE,
    SUPPORTED_RESOLUTIONS,
    SYMBOLS,
    SimBar,
    build_series,
)


def utc_timestamp() -> str:
    """Return the current UTC time as ISO-8601 ending in `Z`."""
    return dt.datetime.now(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def _symbol_info(name: str, description: str) -> SymbolInfo:
    return SymbolInfo(
        name=name,
        description=description,
        type="stock",
        session="0930-1600",
        timezone="America/New_York",
        ticker=name,
        exchange="NASDAQ",
        listed_exchange="NASDAQ",
        format="price",
        pricescale=100,
        minmov=1,
        has_intraday=True,
        has_daily=True,
        supported_resolutions=list(SUPPORTED_RESOLUTIONS),
        volume_precision=0,
        data_status="streaming",
    )


def _to_bar(bar: SimBar) -> Bar:
    return Bar(time=bar.time, open=bar.open, high=bar.high, low=bar.low, close=bar.close, volume=bar.volume)


def unsupported_resolution_message(resolution: str) -> str:
    """Return the 400 text for a resolution the datafeed does not serve."""
    return (
        f"Unsupported resolution '{resolution}'. "
        f"Supported resolutions: {', '.join(SUPPORTED_RESOLUTIONS)}"
    )


class DatafeedService:
    """Market data of one app instance; every series is deterministic for the seed."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._symbols = [_symbol_info(name, description) for name, description in SYMBOLS]
        self._series = {
            info.name: build_series(settings.seed, info.name, settings.anchor_date)
            for info in self._symbols
        }
        self._quote_rngs = {
            info.name: random.Random(f"{settings.seed}:{info.name}:quotes") for info in self._symbols
        }

    @property
    def settings(self) -> Settings:
        """Return the settings this service was built with."""
        return self._settings

    def get_config(self) -> DatafeedConfiguration:
        """Return the datafeed configuration."""
        return DatafeedConfiguration()

    def search_symbols(
        self, user_input: str, exchange: str = "", symbol_type: str = "", max_results: int = 50
    ) -> List[SearchSymbolResultItem]:
        """Return the symbols matching a search, in the fixed symbol order."""
        needle = user_input.strip().lower()
        hits = []
        for info in self._symbols:
            texts = (info.name, info.description, info.ticker)
            if needle and not any(needle in text.lower() for text in texts):
                continue
            if exchange and info.exchange.lower() != exchange.lower():
                continue
            if symbol_type and info.type.lower() != symbol_type.lower():
                continue
            hits.append(
                SearchSymbolResultItem(
                    symbol=info.name,
                    description=info.description,
                    exchange=info.exchange,
                    ticker=info.ticker,
                    type=info.type,
                )
            )
        return hits[: max(max_results, 0)]

    def resolve_symbol(self, symbol: str) -> Optional[SymbolInfo]:
        """Return the symbol named `symbol` (exact match first, then case-insensitive)."""
        for info in self._symbols:
            if symbol in (info.name, info.ticker):
                return info
        folded = symbol.lower()
        for info in self._symbols:
            if folded in (info.name.lower(), info.ticker.lower()):
                return info
        return None

    def get_bars(
        self,
        symbol: str,
        resolution: str,
        from_time: int,
        to_time: int,
        count_back: Optional[int] = None,
    ) -> GetBarsResponse:
        """Return the bars of a series within [from_time, to_time] (Unix ms).

        Raises:
            BadRequestError: the resolution is not supported.
        """
        if resolution not in SUPPORTED_RESOLUTIONS:
            raise BadRequestError(unsupported_resolution_message(resolution))
        info = self.resolve_symbol(symbol)
        if info is None:
            return GetBarsResponse(bars=[], no_data=True)
        selected = [b for b in self._series[info.name][resolution] if from_time <= b.time <= to_time]
        if count_back is not None and count_back > 0:
            selected = selected[-count_back:]
        return GetBarsResponse(bars=[_to_bar(b) for b in selected], no_data=not selected)

    def get_quotes(self, symbols: List[str]) -> List[QuoteData]:
        """Return one quote per requested symbol, in request order."""
        return [self._quote(symbol) for symbol in symbols]

    def get_health(self) -> DatafeedHealthResponse:
        """Return the datafeed's health."""
        return DatafeedHealthResponse(
            status="ok",
            message="Datafeed service is running",
            symbols_loaded=len(self._symbols),
            bars_count=DAILY_BARS,
            timestamp=utc_timestamp(),
        )

    def bars_subscription_error(self, request: BarsSubscriptionRequest) -> Optional[str]:
        """Return why a bars subscription is rejected, or None when it is accepted."""
        if self.resolve_symbol(request.symbol) is None:
            return f"Unknown symbol {request.symbol}"
        if request.resolution not in SUPPORTED_RESOLUTIONS:
            return f"Unsupported resolution {request.resolution}"
        return None

    def quotes_subscription_error(self, request: QuoteDataSubscriptionRequest) -> Optional[str]:
        """Return why a quotes subscription is rejected, or None when it is accepted."""
        if not request.symbols and not request.fast_symbols:
            return "No symbols provided for quote subscription"
        return None

    def bars_stream(self, request: BarsSubscriptionRequest, topic: str) -> Callable[[], List[Bar]]:
        """Return a producer step: each call gives the next streamed bar of the topic."""
        info = self.resolve_symbol(request.symbol)
        if info is None or request.resolution not in SUPPORTED_RESOLUTIONS:
            raise BadRequestError(self.bars_subscription_error(request) or "Invalid bars request")
        last = self._series[info.name][request.resolution][-1]
        rng = random.Random(f"{self._settings.seed}:{topic}")

        def step() -> List[Bar]:
            r1, r2 = rng.random(), rng.random()
            close = round(last.low + (last.high - last.low) * r1, 2)
            volume = last.volume + int(r2 * 10_000)
            return [Bar(time=last.time, open=last.open, high=last.high, low=last.low, close=close, volume=volume)]

        return step

    def quotes_stream(self, request: QuoteDataSubscriptionRequest) -> Callable[[], Iterator[QuoteData]]:
        """Return a producer step: each call yields one quote per subscribed symbol, computed lazily."""
        symbols = list(dict.fromkeys([*request.symbols, *request.fast_symbols]))

        def step() -> Iterator[QuoteData]:
            return (self._quote(symbol) for symbol in symbols)

        return step

    def _quote(self, requested: str) -> QuoteData:
        info = self.resolve_symbol(requested)
        if info is None:
            return QuoteData(s="error", n=requested, v={"error": "Symbol not found"})
        last = self._series[info.name]["1D"][-1]
        r = self._quote_rngs[info.name].random()
        base = max(last.close, MIN_PRICE)
        s0 = max(base * 0.001, MIN_PRICE)
        price = max(base + (r - 0.5) * base * 0.005, MIN_PRICE)
        bid = max(price - s0 / 2, MIN_PRICE)
        ask = max(price + s0 / 2, bid + MIN_PRICE)
        values = QuoteValues(
            lp=round(price, 2),
            ask=round(ask, 2),
            bid=round(bid, 2),
            spread=round(ask - bid, 2),
            open_price=round(max(last.open, MIN_PRICE), 2),
            high_price=round(max(last.high, price, MIN_PRICE), 2),
            low_price=round(max(min(last.low, price), MIN_PRICE), 2),
            prev_close_price=round(max(last.close * 0.995, MIN_PRICE), 2),
            volume=last.volume,
            ch=round(price - last.open, 2),
            chp=round((price - last.open) / last.open * 100, 2),
            short_name=requested,
            exchange="DEMO",
            description=f"Demo quotes for {requested}",
            original_name=requested,
        )
        return QuoteData(s="ok", n=requested, v=values)
