"""Hypothesis fuzz of the WebSocket operations: bad input closes 1003, nothing hangs or 1011s."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from trading_api.app_factory import create_app
from trading_api.shared.settings import Settings

_SETTINGS = Settings.from_env(env={}, seed=42, anchor_date=dt.date(2025, 1, 15), fill_delay=0.0, tick_interval=0.01)
API_APP, WS_APP = create_app(settings=_SETTINGS)
CLIENT_TYPES = sorted(WS_APP.operations)
MODELS = {name: op.message.model for name, op in WS_APP.operations.items()}
SERVER_TYPES = sorted(WS_APP.server_messages) + [f"{t}.response" for t in CLIENT_TYPES]
SCOPE = {
    "type": "websocket", "asgi": {"version": "3.0"}, "http_version": "1.1", "scheme": "ws",
    "path": "/api/v1/ws", "raw_path": b"/api/v1/ws", "root_path": "", "query_string": b"",
    "headers": [(b"host", b"test")], "subprotocols": [], "client": ("127.0.0.1", 5000), "server": ("test", 80),
}
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


async def first_answer(frame: str) -> dict[str, Any]:
    """Connect, send one frame and return the server's first message after the accept (5 s bound)."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await inbox.put({"type": "websocket.connect"})
    await inbox.put({"type": "websocket.receive", "text": frame})
    task = asyncio.ensure_future(API_APP(dict(SCOPE), inbox.get, outbox.put))
    try:
        accept = await asyncio.wait_for(outbox.get(), 5)
        assert accept["type"] == "websocket.accept"
        return await asyncio.wait_for(outbox.get(), 5)
    finally:
        await inbox.put({"type": "websocket.disconnect", "code": 1000})
        await asyncio.wait_for(task, 5)


def finite(value: Any) -> bool:
    """True when no number in `value` is NaN or infinite (those are not JSON: 3.1 of the contract)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite(item) for item in value.values())
    if isinstance(value, list):
        return all(finite(item) for item in value)
    return True


def is_valid(message_type: str, payload: Any) -> bool:
    if not finite(payload):
        return False
    try:
        MODELS[message_type].model_validate(payload)
    except ValidationError:
        return False
    return True


def check(frame: str, expect_reason: str | None) -> dict[str, Any]:
    answer = asyncio.run(first_answer(frame))
    if expect_reason is None:
        assert answer["type"] == "websocket.send", answer
    else:
        assert (answer["type"], answer.get("code"), answer.get("reason")) == ("websocket.close", 1003, expect_reason)
    return answer


FUZZ = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@FUZZ
@given(message_type=st.sampled_from(CLIENT_TYPES), payload=json_values)
def test_invalid_payloads_close_1003(message_type: str, payload: Any) -> None:
    valid = is_valid(message_type, payload)
    answer = check(json.dumps({"type": message_type, "payload": payload}), None if valid else "Could not validate payload")
    if valid:
        assert json.loads(answer["text"])["type"] == f"{message_type}.response"


@FUZZ
@given(message_type=st.sampled_from(SERVER_TYPES) | st.text(max_size=12), payload=json_values)
def test_unknown_types_close_1003(message_type: str, payload: Any) -> None:
    if message_type in MODELS:
        return
    # A frame holding NaN or Infinity is not JSON at all: refused before its type is looked at.
    reason = "No matching type" if finite(payload) else "Could not validate payload"
    check(json.dumps({"type": message_type, "payload": payload}), reason)


@FUZZ
@given(frame=st.text(max_size=20) | json_values.map(json.dumps))
def test_arbitrary_frames_never_hang(frame: str) -> None:
    answer = asyncio.run(first_answer(frame))
    assert answer["type"] in ("websocket.send", "websocket.close")
    if answer["type"] == "websocket.close":
        assert answer["code"] == 1003
