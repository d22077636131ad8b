"""The life of one connection: receive loop, timeouts, dispatch to handlers, close codes."""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from typed_ws.client import Client
from typed_ws.protocol import (
    CLOSE_INTERNAL_ERROR,
    CLOSE_UNSUPPORTED,
    REASON_DECODE_ERROR,
    REASON_INTERNAL_ERROR,
    REASON_INVALID_PAYLOAD,
    REASON_NO_MATCHING_TYPE,
    ProtocolViolation,
    decode_frame,
    encode_message,
    timeout_reason,
)
from typed_ws.router import Operation

if TYPE_CHECKING:
    from starlette.websockets import WebSocket

    from typed_ws.app import WSApp

log = logging.getLogger("typed_ws")


async def serve(app: WSApp, websocket: WebSocket) -> None:
    """Accept `websocket` and serve it until it closes, whatever the reason."""
    await websocket.accept()
    client = app._connect(websocket)
    try:
        await _receive_loop(app, client, websocket)
    finally:
        app._disconnect(client)
        await client.stop_writer()
        await client.wait_closed()


async def _receive_loop(app: WSApp, client: Client, websocket: WebSocket) -> None:
    loop = asyncio.get_running_loop()
    heartbeat = app.heartbeat_interval
    end_of_life = loop.time() + app.max_connection_lifespan
    while not client.closed:
        # Flow control: read no more requests while this client's replies back up.
        if client.under_pressure and not await client.relieve():
            return
        timeout = min(heartbeat, end_of_life - loop.time())
        try:
            if timeout <= 0:
                raise TimeoutError
            async with asyncio.timeout(timeout):  # no extra task per frame, unlike wait_for
                message = await websocket.receive()
        except Exception as exc:
            if not isinstance(exc, TimeoutError):  # the transport failed under us
                log.debug("typed_ws: client %s: receive failed: %r", client.id, exc)
                client._mark_closed(1006, "")
                return
            if not client.closed:
                reason = timeout_reason(heartbeat, app.max_connection_lifespan)
                log.info("typed_ws: client %s: %s", client.id, reason)
                client.close(CLOSE_UNSUPPORTED, reason)
            return
        if message["type"] == "websocket.disconnect":
            client._mark_closed(int(message.get("code") or 1000), str(message.get("reason") or ""))
            return
        if client.closed:
            return
        frame = message.get("text")
        if frame is None:
            frame = message.get("bytes") or b""
        await _handle_frame(app, client, frame)


async def _handle_frame(app: WSApp, client: Client, frame: str | bytes) -> None:
    try:
        op, payload = _parse(app, frame)
        await _dispatch(app, client, op, payload)
    except ProtocolViolation as exc:
        log.info("typed_ws: client %s closed: %s", client.id, exc)
        client.close(exc.code, exc.reason)
    except ValueError:
        log.info("typed_ws: client %s closed: handler raised ValueError", client.id, exc_info=True)
        client.close(CLOSE_UNSUPPORTED, REASON_DECODE_ERROR)
    except Exception:
        log.exception("typed_ws: client %s closed: internal error", client.id)
        client.close(CLOSE_INTERNAL_ERROR, REASON_INTERNAL_ERROR)


def _parse(app: WSApp, frame: str | bytes) -> tuple[Operation, Any]:
    message_type, raw = decode_frame(frame, app.max_message_size)
    op = app._operations.get(message_type) if isinstance(message_type, str) else None
    if op is None:
        raise ProtocolViolation(CLOSE_UNSUPPORTED, REASON_NO_MATCHING_TYPE, f"type {message_type!r}")
    model = op.message.model
    if model is None:
        if raw is not None:
            raise ProtocolViolation(CLOSE_UNSUPPORTED, REASON_INVALID_PAYLOAD, f"{op.type} takes no payload")
        return op, None
    try:
        return op, model.model_validate(raw)
    except ValidationError as exc:
        raise ProtocolViolation(CLOSE_UNSUPPORTED, REASON_INVALID_PAYLOAD, str(exc)) from None


async def _dispatch(app: WSApp, client: Client, op: Operation, payload: Any) -> None:
    client._pending = []
    try:
        result = op.handler(payload, client)
        if inspect.isawaitable(result):
            result = await result
    finally:
        pending, client._pending = client._pending, None
    if result is not None:
        _check_reply(op, result)
        if not client.offer(encode_message(op.reply.type, result)):  # type: ignore[union-attr]
            return
    # Topics subscribed by the handler are held only now, so the reply precedes their updates.
    for topic in pending:
        app._hub.hold(client, topic)


def _check_reply(op: Operation, result: Any) -> None:
    if op.reply is None:
        raise TypeError(f"Handler of {op.type!r} returned {type(result).__name__} but the operation declares no reply.")
    model = op.reply.model
    if model is not None and not isinstance(result, model):
        origin = getattr(model, "__pydantic_generic_metadata__", {}).get("origin")
        if origin is not None and type(result) is origin:
            return  # an unparametrised instance of a generic reply model serialises the same
        raise TypeError(
            f"Handler of {op.type!r} returned {type(result).__name__}; expected {model.__name__} or None."
        )
