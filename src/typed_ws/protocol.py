"""The wire protocol: envelope encoding/decoding and close codes with their reasons."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_UNSUPPORTED = 1003
CLOSE_INTERNAL_ERROR = 1011
CLOSE_TRY_AGAIN_LATER = 1013

REASON_NO_MATCHING_TYPE = "No matching type"
REASON_INVALID_PAYLOAD = "Could not validate payload"
REASON_DECODE_ERROR = "Could not decode message"
REASON_INTERNAL_ERROR = "Internal error"
REASON_TOO_SLOW = "Client too slow: outgoing queue full"
REASON_SHUTDOWN = "Server shutting down"


def timeout_reason(heartbeat_interval: float, max_connection_lifespan: float) -> str:
    """Return the close reason of a heartbeat or lifespan timeout, values printed as floats."""
    return (
        f"Connection timed out. Heartbeat interval {float(heartbeat_interval)}. "
        f"Max connection lifespan {float(max_connection_lifespan)}"
    )


class ProtocolViolation(Exception):
    """A client frame breaks the protocol; the connection closes with `code` and `reason`."""

    def __init__(self, code: int, reason: str, detail: str = "") -> None:
        super().__init__(f"{code} {reason}" + (f": {detail}" if detail else ""))
        self.code = code
        self.reason = reason
        self.detail = detail


def _no_constant(name: str) -> Any:
    # Python's json accepts NaN and Infinity; JSON (RFC 8259) does not, and neither do we.
    raise ValueError(f"non-finite number {name} is not JSON")


def decode_frame(text: str | bytes, max_size: int | None = None) -> tuple[Any, Any]:
    """Parse a frame into (type, raw payload); payload defaults to None when absent.

    The frame must be strict JSON (no `NaN` or `Infinity`) of at most `max_size` characters or bytes.
    """
    if max_size is not None and len(text) > max_size:
        raise ProtocolViolation(
            CLOSE_UNSUPPORTED, REASON_INVALID_PAYLOAD, f"frame of {len(text)} exceeds the limit of {max_size}"
        )
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, TypeError) as exc:  # UnicodeDecodeError is a ValueError
        raise ProtocolViolation(CLOSE_UNSUPPORTED, REASON_INVALID_PAYLOAD, f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ProtocolViolation(CLOSE_UNSUPPORTED, REASON_INVALID_PAYLOAD, "frame is not a JSON object")
    return data.get("type"), data.get("payload")


def encode_message(message_type: str, model: BaseModel | None) -> str:
    """Serialise one envelope as JSON text, with every field of the payload (nulls included)."""
    if model is None:
        payload = "null"
    elif isinstance(model, BaseModel):
        payload = model.model_dump_json()
    else:
        raise TypeError(f"Payload of {message_type!r} must be a pydantic model or None, got {type(model).__name__}.")
    return '{"type":' + json.dumps(message_type) + ',"payload":' + payload + "}"
