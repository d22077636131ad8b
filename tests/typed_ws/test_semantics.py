"""Finer points: listeners, subscriptions made inside handlers, reply checks, payload-less operations."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Generic, TypeVar

import pytest
from fastapi import FastAPI
from pydantic import BaseModel
from starlette.testclient import TestClient

from typed_ws import Client, WSApp, WSRouter

T = TypeVar("T")


class Req(BaseModel):
    topic: str


class Box(BaseModel, Generic[T]):
    item: T


def build() -> tuple[FastAPI, WSApp, list[str]]:
    ws = WSApp("T", "1")
    events: list[str] = []
    router = WSRouter(prefix="t")

    @router.operation("flip", payload=Req, reply=("flip.response", Box[int]))
    async def flip(payload: Req, client: Client) -> Any:
        assert ws.subscribe(client, payload.topic) is True
        assert ws.subscribe(client, payload.topic) is False  # already pending
        assert ws.unsubscribe(client, payload.topic) is True  # cancels the pending hold
        return Box(item=1)  # unparametrised instance of the generic reply model

    @router.operation("hold", payload=Req, reply=("hold.response", Box[int]))
    async def hold(payload: Req, client: Client) -> Any:
        ws.subscribe(client, payload.topic)
        return Box[int](item=len(client.topics))  # not held yet while the handler runs

    @router.operation("quiet", payload=None)
    def quiet(payload: None, client: Client) -> None:
        events.append(f"quiet:{payload}")

    router.server_message("note", payload=Box[str])
    ws.include_router(router)
    api = FastAPI()
    ws.mount(api, "/ws")
    return api, ws, events


def call(ws: Any, message_type: str, payload: Any) -> dict[str, Any]:
    ws.send_text(json.dumps({"type": message_type, "payload": payload}))
    return json.loads(ws.receive_text())


def test_subscribe_then_unsubscribe_in_one_handler_holds_nothing() -> None:
    api, ws_app, _ = build()
    firsts: list[str] = []
    ws_app.add_topic_listener(on_first=firsts.append)
    with TestClient(api) as c, c.websocket_connect("/ws") as ws:
        assert call(ws, "t.flip", {"topic": "x"}) == {"type": "t.flip.response", "payload": {"item": 1}}
        assert call(ws, "t.hold", {"topic": "y"})["payload"] == {"item": 0}
        assert ws_app.subscribers("x") == 0 and ws_app.subscribers("y") == 1 and firsts == ["y"]
        assert ws_app.clients[0].topics == frozenset({"y"})


def test_payloadless_operation_accepts_null_or_absent_payload_only() -> None:
    api, _, events = build()
    with TestClient(api) as c:
        with c.websocket_connect("/ws") as ws:
            ws.send_text('{"type": "t.quiet"}')
            ws.send_text('{"type": "t.quiet", "payload": null}')
            assert call(ws, "t.hold", {"topic": "z"})["type"] == "t.hold.response"
        assert events == ["quiet:None", "quiet:None"]
        with c.websocket_connect("/ws") as ws:
            ws.send_text('{"type": "t.quiet", "payload": {"a": 1}}')
            message = ws.receive()
            assert (message["code"], message["reason"]) == (1003, "Could not validate payload")


def test_listener_errors_are_logged_and_other_listeners_still_run(caplog: pytest.LogCaptureFixture) -> None:
    api, ws_app, _ = build()
    seen: list[str] = []

    def broken(topic: str) -> None:
        raise RuntimeError("listener broke")

    async def later(topic: str) -> None:
        await asyncio.sleep(0)
        seen.append(f"async:{topic}")

    ws_app.add_topic_listener(on_first=broken, on_last=broken)
    ws_app.add_topic_listener(on_first=seen.append, on_last=later)
    with caplog.at_level(logging.ERROR, logger="typed_ws"), TestClient(api) as c:
        with c.websocket_connect("/ws") as ws:
            call(ws, "t.hold", {"topic": "a"})
        c.portal.call(asyncio.sleep, 0.01)
    assert seen == ["a", "async:a"]
    assert sum("listener" in r.getMessage() for r in caplog.records) == 2


def test_publish_needs_a_model_or_none() -> None:
    api, ws_app, _ = build()
    with TestClient(api) as c, c.websocket_connect("/ws") as ws:
        call(ws, "t.hold", {"topic": "a"})
        with pytest.raises(TypeError, match="Payload of 't.note' must be a pydantic model or None, got dict"):
            c.portal.call(ws_app.publish, "a", "t.note", {"item": "x"})
        assert c.portal.call(ws_app.publish, "a", "t.note", Box[str](item="é")) == 1
        assert json.loads(ws.receive_text()) == {"type": "t.note", "payload": {"item": "é"}}

