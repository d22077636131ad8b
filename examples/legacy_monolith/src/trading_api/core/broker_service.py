"""The simulated broker: accounts, orders, positions, executions, equity, leverage, fills."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from pydantic import BaseModel

from trading_api.models import (
    AccountMetainfo,
    Brackets,
    BrokerConnectionStatus,
    EquityData,
    Execution,
    LeverageInfo,
    LeveragePreviewResult,
    LeverageSetResult,
    OrderPreviewResult,
    OrderStatus,
    OrderType,
    PlacedOrder,
    PlaceOrderResult,
    Position,
    PreOrder,
    Side,
    SuccessResponse,
)
from trading_api.core.broker_previews import (
    MAX_LEVERAGE,
    MIN_LEVERAGE,
    leverage_error,
    leverage_preview,
    order_preview,
)
from trading_api.errors import BadRequestError, NotFoundError
from trading_api.config import Settings
from trading_api.core.simulation import MIN_PRICE, base_price, is_datafeed_symbol

STARTING_BALANCE = 100000.0
DEFAULT_LEVERAGE = 10.0
ACCOUNT_NAME = "Demo Trading Account"
OTHER_BASE_PRICE = 100.0
# Fields copied from the request on place and modify (besides the effective limit price).
PRICE_FIELDS = ("stopPrice", "takeProfit", "stopLoss", "guaranteedStop", "trailingStopPips", "stopType")

# publish(account_id, route, model): hands an update to whoever delivers it (the WS layer).
Publish = Callable[[str, str, BaseModel], None]


def _no_publish(account_id: str, route: str, model: BaseModel) -> None:
    """Drop updates when nobody delivers them."""


@dataclass
class _Account:
    """State of one account."""

    orders: Dict[str, PlacedOrder] = field(default_factory=dict)
    positions: Dict[str, Position] = field(default_factory=dict)
    executions: List[Execution] = field(default_factory=list)
    leverage: Dict[str, float] = field(default_factory=dict)
    equity: EquityData = field(
        default_factory=lambda: EquityData(
            equity=STARTING_BALANCE, balance=STARTING_BALANCE, unrealizedPL=0.0, realizedPL=0.0
        )
    )


@dataclass
class _OrderState:
    """Simulator bookkeeping of one order."""

    account_id: str
    placed_at: float
    triggered: bool = False


class BrokerService:
    """Paper broker of one app instance; fills orders on `tick()`."""

    def __init__(
        self,
        settings: Settings,
        publish: Publish = _no_publish,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._publish = publish
        self._clock = clock
        self.reset()

    @property
    def settings(self) -> Settings:
        """Return the settings this service was built with."""
        return self._settings

    def set_publisher(self, publish: Publish) -> None:
        """Route future updates through `publish(account_id, route, model)`."""
        self._publish = publish

    def reset(self) -> None:
        """Restore the initial state and the price walks (subscriptions are not touched)."""
        self._state = {account: _Account() for account in self._settings.accounts}
        self._order_meta: Dict[str, _OrderState] = {}
        self._next_order = 1
        self._prices: Dict[str, float] = {}
        self._price_rngs: Dict[str, random.Random] = {}

    def subscription_error(self, account_id: str) -> Optional[str]:
        """Return why a broker topic for `account_id` is rejected, or None."""
        return None if account_id in self._state else f"Unknown account {account_id}"

    def connection_status(self, account_id: str) -> BrokerConnectionStatus:
        """Return the status announced when a broker-connection topic starts."""
        return BrokerConnectionStatus(
            status=1, message="Connected to demo broker", disconnectType=None, timestamp=self._now_ms()
        )

    def get_account_info(self) -> AccountMetainfo:
        """Return the REST account's identity."""
        return AccountMetainfo(id=self._settings.rest_account, name=ACCOUNT_NAME)

    def get_orders(self, account_id: Optional[str] = None) -> List[PlacedOrder]:
        """Return every order of the account, in placement order."""
        return list(self._account(account_id).orders.values())

    def get_positions(self, account_id: Optional[str] = None) -> List[Position]:
        """Return the account's open positions."""
        return list(self._account(account_id).positions.values())

    def get_executions(self, symbol: str, account_id: Optional[str] = None) -> List[Execution]:
        """Return the account's executions of exactly `symbol`, oldest first."""
        return [e for e in self._account(account_id).executions if e.symbol == symbol]

    def get_equity(self, account_id: Optional[str] = None) -> EquityData:
        """Return the account's money."""
        return self._account(account_id).equity

    def last_price(self, symbol: str) -> Optional[float]:
        """Return the simulated last price of a tracked symbol."""
        return self._prices.get(symbol)

    def place_order(self, order: PreOrder, account_id: Optional[str] = None) -> PlaceOrderResult:
        """Store a WORKING order; BadRequestError (400) when a needed price is missing."""
        account = self._account_id(account_id)
        limit = self._effective_limit(order)
        self._check_prices(order.type, limit, order.stopPrice)
        order_id = f"ORDER-{self._next_order}"
        self._next_order += 1
        placed = PlacedOrder(
            id=order_id,
            status=OrderStatus.WORKING,
            limitPrice=limit,
            filledQty=0.0,
            avgPrice=None,
            updateTime=self._now_ms(),
            **order.model_dump(include={"symbol", "type", "side", "qty", *PRICE_FIELDS}),
        )
        self._track(order.symbol)
        self._state[account].orders[order_id] = placed
        self._order_meta[order_id] = _OrderState(account_id=account, placed_at=self._clock())
        self._publish(account, "orders", placed)
        return PlaceOrderResult(orderId=order_id)

    def modify_order(
        self, order_id: str, order: PreOrder, account_id: Optional[str] = None
    ) -> SuccessResponse:
        """Replace qty and prices of a WORKING order; BadRequestError (400) otherwise."""
        account = self._account_id(account_id)
        current = self._working_order(account, order_id, "modify")
        limit = self._effective_limit(order)
        self._check_prices(OrderType(current.type), limit, order.stopPrice)
        changes = order.model_dump(include={"qty", *PRICE_FIELDS})
        changes.update(limitPrice=limit, updateTime=self._now_ms())
        updated = current.model_copy(update=changes)
        self._store_order(account, updated)
        return SuccessResponse()

    def cancel_order(self, order_id: str, account_id: Optional[str] = None) -> SuccessResponse:
        """Cancel a WORKING order; BadRequestError (400) for unknown or non-WORKING orders."""
        account = self._account_id(account_id)
        current = self._working_order(account, order_id, "cancel")
        self._cancel(account, current)
        return SuccessResponse()

    def preview_order(self, order: PreOrder) -> OrderPreviewResult:
        """Describe an order's costs and risks without placing it."""
        return order_preview(order)

    def close_position(
        self, position_id: str, amount: Optional[float] = None, account_id: Optional[str] = None
    ) -> SuccessResponse:
        """Place a MARKET order closing all or `amount` of a position (404 missing, 400 bad amount)."""
        account = self._account_id(account_id)
        position = self._position(account, position_id)
        qty = position.qty if amount is None else amount
        if qty <= 0:
            raise BadRequestError("Amount must be positive")
        if qty > position.qty:
            raise BadRequestError(f"Amount {amount} exceeds position quantity {position.qty}")
        opposite = Side(-position.side)
        self.place_order(
            PreOrder(symbol=position.symbol, type=OrderType.MARKET, side=opposite, qty=qty), account
        )
        if amount is None:
            return SuccessResponse(message=f"Closed position {position_id}")
        return SuccessResponse(message=f"Partially closed position {position_id} ({amount} units)")

    def edit_position_brackets(
        self, position_id: str, brackets: Brackets, account_id: Optional[str] = None
    ) -> SuccessResponse:
        """Replace a position's protective orders by STOP/LIMIT orders; NotFoundError (404)."""
        account = self._account_id(account_id)
        position = self._position(account, position_id)
        opposite = Side(-position.side)
        for order in list(self._state[account].orders.values()):
            if (
                order.status == OrderStatus.WORKING
                and order.symbol == position.symbol
                and order.side == opposite
                and (order.stopPrice is not None or order.limitPrice is not None)
            ):
                self._cancel(account, order)
        common = {"symbol": position.symbol, "side": opposite, "qty": position.qty}
        if brackets.stopLoss is not None:
            self.place_order(PreOrder(type=OrderType.STOP, stopPrice=brackets.stopLoss, **common), account)
        if brackets.takeProfit is not None:
            stop_free = PreOrder(type=OrderType.LIMIT, limitPrice=brackets.takeProfit, **common)
            self.place_order(stop_free, account)
        return SuccessResponse(message=f"Updated brackets for position {position_id}")

    def leverage_info(self, symbol: str, account_id: Optional[str] = None) -> LeverageInfo:
        """Return the leverage stored for `symbol` and its bounds."""
        stored = self._account(account_id).leverage.get(symbol, DEFAULT_LEVERAGE)
        return LeverageInfo(
            title=f"Leverage for {symbol}", leverage=stored, min=MIN_LEVERAGE, max=MAX_LEVERAGE, step=1.0
        )

    def set_leverage(
        self, symbol: str, leverage: float, account_id: Optional[str] = None
    ) -> LeverageSetResult:
        """Store the leverage of `symbol`; BadRequestError (400) outside [1.0, 100.0]."""
        error = leverage_error(leverage)
        if error is not None:
            raise BadRequestError(error)
        self._account(account_id).leverage[symbol] = leverage
        return LeverageSetResult(leverage=leverage)

    def preview_leverage(self, leverage: float) -> LeveragePreviewResult:
        """Describe the effect of a leverage value; range problems go into `errors`."""
        return leverage_preview(leverage)

    def tick(self) -> int:
        """Run one simulator step (move prices, fill due orders, equity); return the fill count."""
        for symbol, price in self._prices.items():
            r = self._price_rngs[symbol].random()
            self._prices[symbol] = max(round(price * (1 + (r - 0.5) * 0.004), 2), MIN_PRICE)
        now = self._clock()
        filled_accounts: set[str] = set()
        fills = 0
        for order_id, meta in list(self._order_meta.items()):
            order = self._state[meta.account_id].orders[order_id]
            if order.status != OrderStatus.WORKING or now - meta.placed_at < self._settings.fill_delay:
                continue
            fill_price = self._fill_price(order, meta, self._prices[order.symbol])
            if fill_price is not None:
                self._fill(meta.account_id, order, fill_price)
                filled_accounts.add(meta.account_id)
                fills += 1
        for account_id in self._state:
            changed = self._recompute_equity(account_id)
            if changed or account_id in filled_accounts:
                self._publish(account_id, "equity", self._state[account_id].equity)
        return fills

    async def run_fill_simulator(self) -> None:
        """Tick forever, once per tick interval (cancel the task to stop it)."""
        while True:
            self.tick()
            await asyncio.sleep(self._settings.tick_interval)

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    def _account_id(self, account_id: Optional[str]) -> str:
        return self._settings.rest_account if account_id is None else account_id

    def _account(self, account_id: Optional[str]) -> _Account:
        return self._state[self._account_id(account_id)]

    def _track(self, symbol: str) -> None:
        if symbol in self._prices:
            return
        settings = self._settings
        start = (
            base_price(settings.seed, symbol, settings.anchor_date)
            if is_datafeed_symbol(symbol)
            else OTHER_BASE_PRICE
        )
        self._prices[symbol] = start
        self._price_rngs[symbol] = random.Random(f"{settings.seed}:{symbol}:price")

    @staticmethod
    def _effective_limit(order: PreOrder) -> Optional[float]:
        if order.limitPrice is not None:
            return order.limitPrice
        if order.seenPrice is not None:
            return order.seenPrice
        if order.currentQuotes is not None:
            return order.currentQuotes.ask if order.side == Side.BUY else order.currentQuotes.bid
        return None

    @staticmethod
    def _check_prices(order_type: OrderType, limit: Optional[float], stop: Optional[float]) -> None:
        name = OrderType(order_type).name
        if order_type in (OrderType.LIMIT, OrderType.STOP_LIMIT) and limit is None:
            raise BadRequestError(f"{name} orders require a limit price")
        if order_type in (OrderType.STOP, OrderType.STOP_LIMIT) and stop is None:
            raise BadRequestError(f"{name} orders require a stop price")

    def _working_order(self, account: str, order_id: str, verb: str) -> PlacedOrder:
        order = self._state[account].orders.get(order_id)
        if order is None:
            raise BadRequestError(f"Order {order_id} not found")
        if order.status != OrderStatus.WORKING:
            status = OrderStatus(order.status).name
            raise BadRequestError(f"Cannot {verb} order {order_id} with status {status}")
        return order

    def _position(self, account: str, position_id: str) -> Position:
        position = self._state[account].positions.get(position_id)
        if position is None:
            raise NotFoundError(f"Position {position_id} not found")
        return position

    def _store_order(self, account: str, order: PlacedOrder) -> None:
        self._state[account].orders[order.id] = order
        self._publish(account, "orders", order)

    def _cancel(self, account: str, order: PlacedOrder) -> None:
        updated = order.model_copy(
            update={"status": OrderStatus.CANCELED.value, "updateTime": self._now_ms()}
        )
        self._store_order(account, updated)

    @staticmethod
    def _fill_price(order: PlacedOrder, meta: _OrderState, last: float) -> Optional[float]:
        buy = order.side == Side.BUY
        limit, stop = order.limitPrice, order.stopPrice
        if order.type == OrderType.MARKET:
            return last
        if order.type == OrderType.LIMIT:
            return limit if (last <= limit if buy else last >= limit) else None
        if order.type == OrderType.STOP:
            return stop if (last >= stop if buy else last <= stop) else None
        if not meta.triggered and (last >= stop if buy else last <= stop):
            meta.triggered = True
        if meta.triggered and (last <= limit if buy else last >= limit):
            return limit
        return None

    def _fill(self, account: str, order: PlacedOrder, price: float) -> None:
        now = self._now_ms()
        execution = Execution(symbol=order.symbol, price=price, qty=order.qty, side=order.side, time=now)
        self._state[account].executions.append(execution)
        self._publish(account, "executions", execution)
        filled = order.model_copy(
            update={
                "status": OrderStatus.FILLED.value,
                "filledQty": order.qty,
                "avgPrice": price,
                "updateTime": now,
            }
        )
        self._store_order(account, filled)
        self._apply_fill(account, order.symbol, Side(order.side), order.qty, price)

    def _apply_fill(self, account: str, symbol: str, side: Side, qty: float, price: float) -> None:
        state = self._state[account]
        current = state.positions.get(symbol)
        realized = 0.0
        if current is None:
            updated = Position(id=symbol, symbol=symbol, qty=qty, side=side, avgPrice=price)
        elif current.side == side:
            total = current.qty + qty
            average = (current.avgPrice * current.qty + price * qty) / total
            updated = current.model_copy(update={"qty": total, "avgPrice": average})
        else:
            closed = min(qty, current.qty)
            realized = round((price - current.avgPrice) * closed * current.side, 2)
            if qty < current.qty:
                updated = current.model_copy(update={"qty": current.qty - qty})
            elif qty == current.qty:
                updated = current.model_copy(update={"qty": 0.0})
            else:
                updated = Position(id=symbol, symbol=symbol, qty=qty - current.qty, side=side, avgPrice=price)
        if realized:
            equity = state.equity
            state.equity = equity.model_copy(
                update={
                    "balance": round(equity.balance + realized, 2),
                    "realizedPL": round(equity.realizedPL + realized, 2),
                }
            )
        if updated.qty == 0:
            del state.positions[symbol]
        else:
            state.positions[symbol] = updated
        self._publish(account, "positions", updated)

    def _recompute_equity(self, account: str) -> bool:
        state = self._state[account]
        unrealized = round(
            sum((self._prices[p.symbol] - p.avgPrice) * p.qty * p.side for p in state.positions.values()),
            2,
        )
        before = state.equity
        after = before.model_copy(
            update={"unrealizedPL": unrealized, "equity": round(before.balance + unrealized, 2)}
        )
        state.equity = after
        return after != before

