"""Typed WebSocket operations over one endpoint, with a generated AsyncAPI 3.0 document."""

from typed_ws.app import WSApp
from typed_ws.client import Client
from typed_ws.protocol import (
    CLOSE_GOING_AWAY,
    CLOSE_INTERNAL_ERROR,
    CLOSE_TRY_AGAIN_LATER,
    CLOSE_UNSUPPORTED,
    REASON_DECODE_ERROR,
    REASON_INTERNAL_ERROR,
    REASON_INVALID_PAYLOAD,
    REASON_NO_MATCHING_TYPE,
    REASON_SHUTDOWN,
    REASON_TOO_SLOW,
    encode_message,
    timeout_reason,
)
from typed_ws.router import MessageSpec, Operation, ServerMessage, WSRouter

__all__ = [
    "CLOSE_GOING_AWAY",
    "CLOSE_INTERNAL_ERROR",
    "CLOSE_TRY_AGAIN_LATER",
    "CLOSE_UNSUPPORTED",
    "REASON_DECODE_ERROR",
    "REASON_INTERNAL_ERROR",
    "REASON_INVALID_PAYLOAD",
    "REASON_NO_MATCHING_TYPE",
    "REASON_SHUTDOWN",
    "REASON_TOO_SLOW",
    "Client",
    "MessageSpec",
    "Operation",
    "ServerMessage",
    "WSApp",
    "WSRouter",
    "encode_message",
    "timeout_reason",
]
