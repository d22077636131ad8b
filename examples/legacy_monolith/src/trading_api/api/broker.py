"""REST routes of the broker (`/broker`); they act on the REST account."""

from __future__ import annotations

from typing import Annotated, List, Optional

from fastapi import APIRouter, Body, Path, Query

from trading_api.models import (
    AccountMetainfo,
    Brackets,
    Execution,
    LeverageInfo,
    LeveragePreviewResult,
    LeverageSetParams,
    LeverageSetResult,
    OrderPreviewResult,
    OrderType,
    PlacedOrder,
    PlaceOrderResult,
    Position,
    PreOrder,
    Side,
    SuccessResponse,
)
from trading_api.models.limits import MAX_SYMBOL_LENGTH, FiniteObject
from trading_api.core.broker_service import BrokerService
import trading_api.errors as errors

SymbolPath = Annotated[str, Path(max_length=MAX_SYMBOL_LENGTH)]
SymbolQuery = Annotated[str, Query(max_length=MAX_SYMBOL_LENGTH)]
BAD_REQUEST_OR_NOT_FOUND = {**errors.BAD_REQUEST, **errors.NOT_FOUND}


class BrokerApi(APIRouter):
    """Paper-trading routes backed by one BrokerService."""

    def __init__(self, service: BrokerService, **kwargs: object) -> None:
        kwargs.setdefault("prefix", "/broker")
        kwargs.setdefault("tags", ["broker"])
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.service = service
        route = self.add_api_route
        route("/orders", self.place_order, methods=["POST"], response_model=PlaceOrderResult,
              summary="Place a new order", operation_id="placeOrder", responses=errors.BAD_REQUEST)
        route("/orders/preview", self.preview_order, methods=["POST"], response_model=OrderPreviewResult,
              summary="Preview order costs and requirements", operation_id="previewOrder")
        route("/orders/{order_id}", self.modify_order, methods=["PUT"], response_model=SuccessResponse,
              summary="Modify an existing order", operation_id="modifyOrder", responses=errors.BAD_REQUEST)
        route("/orders/{order_id}", self.cancel_order, methods=["DELETE"], response_model=SuccessResponse,
              summary="Cancel an order", operation_id="cancelOrder", responses=errors.BAD_REQUEST)
        route("/orders", self.get_orders, methods=["GET"], response_model=List[PlacedOrder],
              summary="Get all orders", operation_id="getOrders")
        route("/positions", self.get_positions, methods=["GET"], response_model=List[Position],
              summary="Get all positions", operation_id="getPositions")
        route("/executions/{symbol}", self.get_executions, methods=["GET"], response_model=List[Execution],
              summary="Get executions for a symbol", operation_id="getExecutions")
        route("/account", self.get_account_info, methods=["GET"], response_model=AccountMetainfo,
              summary="Get account information", operation_id="getAccountInfo")
        route("/positions/{position_id}", self.close_position, methods=["DELETE"],
              response_model=SuccessResponse, summary="Close a position", operation_id="closePosition",
              responses=BAD_REQUEST_OR_NOT_FOUND)
        route("/positions/{position_id}/brackets", self.edit_position_brackets, methods=["PUT"],
              response_model=SuccessResponse, summary="Edit position brackets",
              operation_id="editPositionBrackets", responses=errors.NOT_FOUND)
        route("/leverage/info", self.leverage_info, methods=["GET"], response_model=LeverageInfo,
              summary="Get leverage information", operation_id="leverageInfo")
        route("/leverage/set", self.set_leverage, methods=["PUT"], response_model=LeverageSetResult,
              summary="Set leverage", operation_id="setLeverage", responses=errors.BAD_REQUEST)
        route("/leverage/preview", self.preview_leverage, methods=["POST"],
              response_model=LeveragePreviewResult, summary="Preview leverage changes",
              operation_id="previewLeverage")

    async def place_order(self, order: PreOrder) -> PlaceOrderResult:
        """Place an order on the REST account."""
        return self.service.place_order(order)

    async def preview_order(self, order: PreOrder) -> OrderPreviewResult:
        """Describe an order's costs and risks without placing it."""
        return self.service.preview_order(order)

    async def modify_order(self, order_id: str, order: PreOrder) -> SuccessResponse:
        """Change the quantity and prices of a working order."""
        return self.service.modify_order(order_id, order)

    async def cancel_order(self, order_id: str) -> SuccessResponse:
        """Cancel a working order."""
        return self.service.cancel_order(order_id)

    async def get_orders(self) -> List[PlacedOrder]:
        """List every order, in placement order."""
        return self.service.get_orders()

    async def get_positions(self) -> List[Position]:
        """List the open positions."""
        return self.service.get_positions()

    async def get_executions(self, symbol: SymbolPath) -> List[Execution]:
        """List the executions of a symbol, oldest first."""
        return self.service.get_executions(symbol)

    async def get_account_info(self) -> AccountMetainfo:
        """Return the REST account's identity."""
        return self.service.get_account_info()

    async def close_position(
        self, position_id: SymbolPath, amount: Optional[float] = Query(None, allow_inf_nan=False)
    ) -> SuccessResponse:
        """Close all or part of a position with a market order."""
        return self.service.close_position(position_id, amount)

    async def edit_position_brackets(
        self,
        position_id: SymbolPath,
        brackets: Brackets = Body(embed=True),
        customFields: Optional[FiniteObject] = Body(None, embed=True),
    ) -> SuccessResponse:
        """Replace a position's stop-loss and take-profit orders."""
        return self.service.edit_position_brackets(position_id, brackets)

    async def leverage_info(self, symbol: SymbolQuery, orderType: OrderType, side: Side) -> LeverageInfo:
        """Return the leverage of a symbol."""
        return self.service.leverage_info(symbol)

    async def set_leverage(self, params: LeverageSetParams) -> LeverageSetResult:
        """Set the leverage of a symbol."""
        return self.service.set_leverage(params.symbol, params.leverage)

    async def preview_leverage(self, params: LeverageSetParams) -> LeveragePreviewResult:
        """Describe the effect of a leverage value."""
        return self.service.preview_leverage(params.leverage)
