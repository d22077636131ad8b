"""Pure texts of the broker: order previews and leverage previews (TRADING_API.md 6.2.3, 6.2.6)."""

from __future__ import annotations

import uuid
from typing import List, Optional

from trading_api.models import (
    LeveragePreviewResult,
    OrderPreviewResult,
    OrderPreviewSection,
    OrderPreviewSectionRow,
    OrderType,
    PreOrder,
    Side,
)

MIN_LEVERAGE = 1.0
MAX_LEVERAGE = 100.0
TYPE_NAMES = {
    OrderType.MARKET: "Market",
    OrderType.LIMIT: "Limit",
    OrderType.STOP: "Stop",
    OrderType.STOP_LIMIT: "Stop Limit",
}


def money(value: float) -> str:
    """Write an amount as `$` plus two decimals, no thousands separator."""
    return f"${value:.2f}"


def _section(header: str, rows: List[tuple[str, str]]) -> OrderPreviewSection:
    return OrderPreviewSection(
        header=header, rows=[OrderPreviewSectionRow(title=t, value=v) for t, v in rows]
    )


def _risk_rows(order: PreOrder, est: float) -> List[tuple[str, str]]:
    rows = []
    if order.takeProfit:
        gain = abs(order.takeProfit - est) * order.qty
        rows.append(("Take Profit", f"{money(order.takeProfit)} (+{money(gain)})"))
    if order.stopLoss:
        loss = abs(order.stopLoss - est) * order.qty
        rows.append(("Stop Loss", f"{money(order.stopLoss)} (-{money(loss)})"))
    if order.guaranteedStop:
        rows.append(("Guaranteed Stop", money(order.guaranteedStop)))
    if order.trailingStopPips:
        rows.append(("Trailing Stop", f"{order.trailingStopPips:.1f} pips"))
    return rows


def order_preview(order: PreOrder) -> OrderPreviewResult:
    """Describe an order's costs and risks; `confirmId` is a fresh UUID4."""
    order_type = OrderType(order.type)
    est = order.limitPrice or order.stopPrice or 100.0
    value = order.qty * est
    commission = value * 0.001
    details = [
        ("Symbol", order.symbol),
        ("Side", "Buy" if Side(order.side) is Side.BUY else "Sell"),
        ("Quantity", f"{order.qty:.2f}"),
        ("Order Type", TYPE_NAMES[order_type]),
    ]
    if order.limitPrice:
        details.append(("Limit Price", money(order.limitPrice)))
    if order.stopPrice:
        details.append(("Stop Price", money(order.stopPrice)))
    costs = [
        ("Estimated Price", money(est)),
        ("Order Value", money(value)),
        ("Commission", money(commission)),
        ("Margin Required", money(value * 0.5)),
        ("Total Cost", money(value + commission)),
    ]
    sections = [_section("Order Details", details), _section("Cost Analysis", costs)]
    if order.takeProfit or order.stopLoss or order.guaranteedStop:
        sections.append(_section("Risk Management", _risk_rows(order, est)))
    warnings = []
    if order_type is OrderType.MARKET:
        warnings.append("Market orders execute immediately at current market price")
    if order.qty > 1000:
        warnings.append("Large order size may experience slippage")
    return OrderPreviewResult(
        sections=sections, confirmId=str(uuid.uuid4()), warnings=warnings or None, errors=None
    )


def leverage_error(leverage: float) -> Optional[str]:
    """Return why a leverage value is out of range, or None."""
    if leverage < MIN_LEVERAGE:
        return f"Leverage must be at least {MIN_LEVERAGE}"
    if leverage > MAX_LEVERAGE:
        return f"Leverage cannot exceed {MAX_LEVERAGE}"
    return None


def leverage_preview(leverage: float) -> LeveragePreviewResult:
    """Describe the effect of a leverage value; range problems go into `errors`."""
    error = leverage_error(leverage)
    if error is not None:
        return LeveragePreviewResult(infos=None, warnings=None, errors=[error])
    infos = [f"Margin requirement: {100 / leverage:.2f}%"]
    if leverage == 1.0:
        infos.append("No leverage applied (1:1 ratio)")
    else:
        infos.append(
            f"With {leverage}x leverage, a $1,000 investment controls ${1000 * leverage:.2f} in assets"
        )
    warnings = []
    if leverage > 50:
        warnings.append(
            f"High leverage ({leverage}x) significantly increases risk. "
            "You may lose more than your initial investment."
        )
    elif leverage > 20:
        warnings.append(f"Moderate leverage ({leverage}x) increases risk. Ensure adequate risk management.")
    return LeveragePreviewResult(infos=infos, warnings=warnings or None, errors=None)
