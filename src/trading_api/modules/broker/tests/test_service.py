"""BrokerService without any web framework: accounting, fills, errors and texts (6.2, 8)."""

from __future__ import annotations

import datetime as dt

import pytest

from trading_api.models import Brackets, OrderStatus, OrderType, PreOrder, Side
from trading_api.modules.broker.service import BrokerService
from trading_api.shared.errors import BadRequestError, NotFoundError
from trading_api.shared.settings import Settings
from trading_api.shared.simulation import base_price

ANCHOR = dt.date(2025, 1, 15)


class Recorder:
    """Collects what the service publishes."""

    def __init__(self) -> None:
        self.updates: list[tuple[str, str, object]] = []

    def __call__(self, account: str, route: str, model: object) -> None:
        self.updates.append((account, route, model))

    def routes(self) -> list[str]:
        return [route for _, route, _ in self.updates]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_736_899_200.0

    def __call__(self) -> float:
        return self.now


def make(fill_delay: float = 0.0, accounts=("DEMO-ACCOUNT",)) -> tuple[BrokerService, Recorder, Clock]:
    recorder, clock = Recorder(), Clock()
    settings = Settings(seed=42, anchor_date=ANCHOR, fill_delay=fill_delay, tick_interval=0.01, accounts=accounts)
    return BrokerService(settings, publish=recorder, clock=clock), recorder, clock


def order(side: Side, kind: OrderType, qty: float, **prices: float) -> PreOrder:
    return PreOrder(symbol=prices.pop("symbol", "TEST"), type=kind, side=side, qty=qty, **prices)


def position(broker: BrokerService) -> tuple[int, float, float]:
    (p,) = broker.get_positions()
    return p.side, p.qty, p.avgPrice


def assert_equity_consistent(broker: BrokerService) -> None:
    e = broker.get_equity()
    assert e.equity == round(e.balance + e.unrealizedPL, 2)


def test_accounting_scenario_of_the_contract() -> None:
    broker, _, _ = make()
    broker.place_order(order(Side.BUY, OrderType.LIMIT, 10, limitPrice=150))
    assert broker.tick() == 1
    assert position(broker) == (1, 10.0, 150.0)
    assert broker.get_equity().balance == 100000.0
    assert_equity_consistent(broker)
    broker.place_order(order(Side.SELL, OrderType.STOP, 4, stopPrice=160))
    broker.tick()
    equity = broker.get_equity()
    assert (equity.realizedPL, equity.balance) == (40.0, 100040.0)
    assert position(broker) == (1, 6.0, 150.0)
    assert_equity_consistent(broker)
    broker.place_order(order(Side.SELL, OrderType.STOP, 10, stopPrice=160))
    broker.tick()
    assert broker.get_equity().realizedPL == 100.0
    assert position(broker) == (-1, 4.0, 160.0)
    assert_equity_consistent(broker)
    expected_unrealized = round((broker.last_price("TEST") - 160.0) * 4 * -1, 2)
    assert broker.get_equity().unrealizedPL == expected_unrealized


def test_adding_to_a_position_averages_by_quantity() -> None:
    broker, _, _ = make()
    broker.place_order(order(Side.BUY, OrderType.LIMIT, 10, limitPrice=150))
    broker.place_order(order(Side.BUY, OrderType.LIMIT, 10, limitPrice=130))
    broker.tick()
    assert position(broker) == (1, 20.0, 140.0)


def test_closing_exactly_publishes_qty_zero_then_removes() -> None:
    broker, recorder, _ = make()
    broker.place_order(order(Side.BUY, OrderType.MARKET, 3))
    broker.tick()
    assert broker.close_position("TEST").message == "Closed position TEST"
    broker.tick()
    assert broker.get_positions() == []
    last_position = [m for _, r, m in recorder.updates if r == "positions"][-1]
    assert last_position.qty == 0.0


def test_market_order_fills_at_the_simulated_price() -> None:
    broker, recorder, _ = make()
    start = base_price(42, "AAPL", ANCHOR)
    broker.place_order(order(Side.BUY, OrderType.MARKET, 2, symbol="AAPL"))
    assert broker.last_price("AAPL") == start == 99.36
    broker.tick()
    (execution,) = broker.get_executions("AAPL")
    assert execution.price == broker.last_price("AAPL") != start
    assert broker.get_executions("aapl") == []
    assert recorder.routes() == ["orders", "executions", "orders", "positions", "equity"]
    (filled,) = broker.get_orders()
    assert (filled.status, filled.filledQty, filled.avgPrice) == (OrderStatus.FILLED, 2.0, execution.price)


def test_limit_far_from_price_stays_working() -> None:
    broker, _, _ = make()
    broker.place_order(order(Side.BUY, OrderType.LIMIT, 1, limitPrice=50))
    for _ in range(5):
        broker.tick()
    assert broker.get_orders()[0].status == OrderStatus.WORKING


def test_fill_delay_is_respected() -> None:
    broker, _, clock = make(fill_delay=1.0)
    broker.place_order(order(Side.BUY, OrderType.MARKET, 1))
    assert broker.tick() == 0
    clock.now += 1.0
    assert broker.tick() == 1


def test_stop_limit_triggers_then_fills_at_limit() -> None:
    broker, _, _ = make()
    broker.place_order(order(Side.BUY, OrderType.STOP_LIMIT, 1, stopPrice=50, limitPrice=200))
    broker.tick()
    assert broker.get_orders()[0].avgPrice == 200.0


def test_order_errors_and_texts() -> None:
    broker, recorder, _ = make()
    for kind, prices, text in [
        (OrderType.LIMIT, {}, "LIMIT orders require a limit price"),
        (OrderType.STOP, {}, "STOP orders require a stop price"),
        (OrderType.STOP_LIMIT, {"stopPrice": 1}, "STOP_LIMIT orders require a limit price"),
        (OrderType.STOP_LIMIT, {"limitPrice": 1}, "STOP_LIMIT orders require a stop price"),
    ]:
        with pytest.raises(BadRequestError, match=f"^{text}$"):
            broker.place_order(order(Side.BUY, kind, 1, **prices))
    assert recorder.updates == []
    oid = broker.place_order(order(Side.SELL, OrderType.LIMIT, 1, seenPrice=1.0)).orderId
    assert oid == "ORDER-1" and broker.get_orders()[0].limitPrice == 1.0
    quotes = {"ask": 2.0, "bid": 1.5}
    broker.place_order(PreOrder(symbol="T", type=OrderType.LIMIT, side=Side.BUY, qty=1, currentQuotes=quotes))
    assert broker.get_orders()[1].limitPrice == 2.0
    broker.tick()
    with pytest.raises(BadRequestError, match="^Cannot cancel order ORDER-1 with status FILLED$"):
        broker.cancel_order("ORDER-1")
    with pytest.raises(BadRequestError, match="^Cannot modify order ORDER-1 with status FILLED$"):
        broker.modify_order("ORDER-1", order(Side.SELL, OrderType.LIMIT, 1, limitPrice=3))
    with pytest.raises(BadRequestError, match="^Order ORDER-99 not found$"):
        broker.cancel_order("ORDER-99")


def test_modify_and_cancel_publish_one_update_each() -> None:
    broker, recorder, _ = make()
    oid = broker.place_order(order(Side.BUY, OrderType.LIMIT, 1, limitPrice=10)).orderId
    broker.modify_order(oid, order(Side.SELL, OrderType.MARKET, 5, limitPrice=11, symbol="OTHER"))
    modified = broker.get_orders()[0]
    assert (modified.symbol, modified.side, modified.type, modified.qty, modified.limitPrice) == (
        "TEST", 1, 1, 5.0, 11.0,
    )
    assert broker.cancel_order(oid).model_dump() == {"success": True, "message": "Operation completed successfully"}
    assert broker.get_orders()[0].status == OrderStatus.CANCELED
    assert recorder.routes() == ["orders", "orders", "orders"]


def test_position_errors_and_brackets() -> None:
    broker, _, _ = make()
    with pytest.raises(NotFoundError, match="^Position NOPE not found$"):
        broker.close_position("NOPE")
    with pytest.raises(NotFoundError):
        broker.edit_position_brackets("NOPE", Brackets(stopLoss=1))
    broker.place_order(order(Side.BUY, OrderType.MARKET, 4))
    broker.tick()
    with pytest.raises(BadRequestError, match="^Amount must be positive$"):
        broker.close_position("TEST", 0)
    with pytest.raises(BadRequestError, match="^Amount 5.0 exceeds position quantity 4.0$"):
        broker.close_position("TEST", 5.0)
    result = broker.edit_position_brackets("TEST", Brackets(stopLoss=10.0, takeProfit=500.0))
    assert result.message == "Updated brackets for position TEST"
    working = [o for o in broker.get_orders() if o.status == OrderStatus.WORKING]
    assert [(o.type, o.side, o.qty, o.stopPrice, o.limitPrice) for o in working] == [
        (OrderType.STOP, -1, 4.0, 10.0, None),
        (OrderType.LIMIT, -1, 4.0, None, 500.0),
    ]
    broker.edit_position_brackets("TEST", Brackets(takeProfit=400.0))
    working = [o for o in broker.get_orders() if o.status == OrderStatus.WORKING]
    assert [(o.type, o.limitPrice) for o in working] == [(OrderType.LIMIT, 400.0)]
    partial = broker.close_position("TEST", 1.0)
    assert partial.message == "Partially closed position TEST (1.0 units)"


def test_preview_texts() -> None:
    broker, _, _ = make()
    result = broker.preview_order(
        order(Side.SELL, OrderType.STOP_LIMIT, 5, limitPrice=10, stopPrice=11, takeProfit=9,
              stopLoss=12, guaranteedStop=12.5, trailingStopPips=3)
    )
    rows = {s.header: [(r.title, r.value) for r in s.rows] for s in result.sections}
    assert list(rows) == ["Order Details", "Cost Analysis", "Risk Management"]
    assert rows["Order Details"] == [
        ("Symbol", "TEST"), ("Side", "Sell"), ("Quantity", "5.00"), ("Order Type", "Stop Limit"),
        ("Limit Price", "$10.00"), ("Stop Price", "$11.00"),
    ]
    assert rows["Cost Analysis"] == [
        ("Estimated Price", "$10.00"), ("Order Value", "$50.00"), ("Commission", "$0.05"),
        ("Margin Required", "$25.00"), ("Total Cost", "$50.05"),
    ]
    assert rows["Risk Management"] == [
        ("Take Profit", "$9.00 (+$5.00)"), ("Stop Loss", "$12.00 (-$10.00)"),
        ("Guaranteed Stop", "$12.50"), ("Trailing Stop", "3.0 pips"),
    ]
    assert result.warnings is None and result.errors is None and len(result.confirmId) == 36
    market = broker.preview_order(order(Side.BUY, OrderType.MARKET, 2000))
    assert [s.header for s in market.sections] == ["Order Details", "Cost Analysis"]
    assert market.warnings == [
        "Market orders execute immediately at current market price",
        "Large order size may experience slippage",
    ]
    assert market.sections[1].rows[1].value == "$200000.00"


def test_leverage() -> None:
    broker, _, _ = make()
    assert broker.leverage_info("AAPL").model_dump() == {
        "title": "Leverage for AAPL", "leverage": 10.0, "min": 1.0, "max": 100.0, "step": 1.0,
    }
    assert broker.set_leverage("AAPL", 25.0).leverage == 25.0
    assert broker.leverage_info("AAPL").leverage == 25.0
    with pytest.raises(BadRequestError, match="^Leverage cannot exceed 100.0$"):
        broker.set_leverage("AAPL", 150.0)
    with pytest.raises(BadRequestError, match="^Leverage must be at least 1.0$"):
        broker.set_leverage("AAPL", 0.5)
    assert broker.preview_leverage(150.0).model_dump() == {
        "infos": None, "warnings": None, "errors": ["Leverage cannot exceed 100.0"],
    }
    assert broker.preview_leverage(1.0).model_dump() == {
        "infos": ["Margin requirement: 100.00%", "No leverage applied (1:1 ratio)"],
        "warnings": None, "errors": None,
    }
    assert broker.preview_leverage(30.0).warnings == [
        "Moderate leverage (30.0x) increases risk. Ensure adequate risk management."
    ]
    high = broker.preview_leverage(60.0)
    assert high.infos == [
        "Margin requirement: 1.67%",
        "With 60.0x leverage, a $1,000 investment controls $60000.00 in assets",
    ]
    assert high.warnings == [
        "High leverage (60.0x) significantly increases risk. You may lose more than your initial investment."
    ]


def test_accounts_are_isolated_and_reset_restores_state() -> None:
    broker, recorder, _ = make(accounts=("A", "B"))
    assert broker.get_account_info().model_dump() == {"id": "A", "name": "Demo Trading Account"}
    assert broker.subscription_error("B") is None
    assert broker.subscription_error("C") == "Unknown account C"
    broker.place_order(order(Side.BUY, OrderType.MARKET, 1), account_id="B")
    broker.tick()
    assert broker.get_positions() == [] and len(broker.get_positions("B")) == 1
    assert {account for account, _, _ in recorder.updates} == {"B"}
    first_price = broker.last_price("TEST")
    broker.reset()
    assert broker.get_orders("B") == [] and broker.last_price("TEST") is None
    assert broker.get_equity("B").model_dump() == {
        "equity": 100000.0, "balance": 100000.0, "unrealizedPL": 0.0, "realizedPL": 0.0,
    }
    broker.place_order(order(Side.BUY, OrderType.MARKET, 1), account_id="B")
    assert broker.get_orders("B")[0].id == "ORDER-1"
    broker.tick()
    assert broker.last_price("TEST") == first_price


def test_connection_status() -> None:
    broker, _, clock = make()
    status = broker.connection_status("DEMO-ACCOUNT")
    assert status.model_dump() == {
        "status": 1, "message": "Connected to demo broker", "disconnectType": None,
        "timestamp": int(clock.now * 1000),
    }
