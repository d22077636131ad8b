"""Declaring routers and apps: clear errors for bad declarations, nothing asynchronous at import."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from pydantic import BaseModel

from typed_ws import Client, WSApp, WSRouter, timeout_reason


class A(BaseModel):
    a: int


class B(BaseModel):
    b: int


async def handler(payload: Any, client: Client) -> None:
    return None


def test_types_get_the_router_prefix() -> None:
    router = WSRouter(prefix="bars", tags=["datafeed"])
    op = router.add_operation("subscribe", handler, payload=A, reply=("subscribe.response", B), summary="S")
    msg = router.server_message("update", payload=B)
    assert (op.type, op.reply.type if op.reply else None, msg.type) == (
        "bars.subscribe",
        "bars.subscribe.response",
        "bars.update",
    )
    assert WSRouter().full_type("ping") == "ping"


def test_decorator_returns_the_handler_unchanged() -> None:
    router = WSRouter(prefix="x")
    decorated = router.operation("go", payload=A)(handler)
    assert decorated is handler and router.operations[0].handler is handler


@pytest.mark.parametrize("name", ["", "a b", "a..b", ".a", "a/b", "a~b"])
def test_bad_names_are_rejected(name: str) -> None:
    with pytest.raises(ValueError, match="Invalid message name"):
        WSRouter(prefix="p").server_message(name, payload=A)


def test_bad_prefix_and_tags_are_rejected() -> None:
    with pytest.raises(ValueError, match="Invalid router prefix 'a b'"):
        WSRouter(prefix="a b")
    with pytest.raises(TypeError, match="tags must be a list of strings, got the string 'datafeed'"):
        WSRouter(prefix="a", tags="datafeed")


def test_payload_must_be_a_model() -> None:
    with pytest.raises(TypeError, match="Payload model of 'p.go' must be a pydantic BaseModel subclass"):
        WSRouter(prefix="p").add_operation("go", handler, payload=dict)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="reply must be a \\(name, model\\) tuple"):
        WSRouter(prefix="p").add_operation("go", handler, payload=A, reply=B)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be callable"):
        WSRouter(prefix="p").add_operation("go", "nope", payload=A)  # type: ignore[arg-type]


def test_a_type_declared_twice_is_an_error() -> None:
    first, second = WSRouter(prefix="p"), WSRouter(prefix="p")
    first.server_message("update", payload=A)
    second.server_message("update", payload=A)
    app = WSApp("T", "1")
    app.include_router(first)
    with pytest.raises(ValueError, match="Message type 'p.update' is declared twice"):
        app.include_router(second)
    with pytest.raises(ValueError, match="already included"):
        app.include_router(first)


def test_a_client_type_cannot_be_a_server_type() -> None:
    router = WSRouter(prefix="p")
    router.add_operation("go", handler, payload=A)
    router.server_message("go", payload=A)
    with pytest.raises(ValueError, match="'p.go' is declared twice"):
        WSApp("T", "1").include_router(router)


def test_two_operations_may_share_one_reply_of_the_same_model() -> None:
    router = WSRouter(prefix="p")
    router.add_operation("a", handler, payload=A, reply=("ack", B))
    router.add_operation("b", handler, payload=A, reply=("ack", B))
    app = WSApp("T", "1")
    app.include_router(router)
    assert sorted(app.asyncapi()["components"]["messages"]) == ["p.a", "p.ack", "p.b"]
    clash = WSRouter(prefix="p")
    clash.add_operation("c", handler, payload=A, reply=("ack", A))
    with pytest.raises(ValueError, match="'p.ack' is declared twice"):
        app.include_router(clash)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("heartbeat_interval", 0, "heartbeat_interval must be a positive number of seconds, got 0"),
        ("heartbeat_interval", "30", "heartbeat_interval must be a positive number of seconds, got '30'"),
        ("max_connection_lifespan", float("inf"), "max_connection_lifespan must be a positive number"),
        ("queue_size", 0, "queue_size must be an integer >= 1, got 0"),
        ("queue_size", 2.5, "queue_size must be an integer >= 1, got 2.5"),
        ("channel", "a/b", "Invalid channel key 'a/b'"),
        ("overflow_grace", float("nan"), "overflow_grace must be a positive number of seconds, got nan"),
        ("overflow_grace", -1, "overflow_grace must be a positive number of seconds, got -1"),
        ("max_backlog_bytes", 0, "max_backlog_bytes must be an integer >= 1, got 0"),
        ("max_message_size", 1.5, "max_message_size must be an integer >= 1, got 1.5"),
    ],
)
def test_bad_settings_are_rejected(option: str, value: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", "\\(").replace(")", "\\)")):
        WSApp("T", "1", **{option: value})


def test_timeout_reason_prints_floats() -> None:
    assert timeout_reason(30, 3600) == "Connection timed out. Heartbeat interval 30.0. Max connection lifespan 3600.0"


def test_listener_must_be_callable() -> None:
    with pytest.raises(TypeError, match="Topic listener must be callable or None, got 3"):
        WSApp("T", "1").add_topic_listener(on_first=3)  # type: ignore[arg-type]


def test_building_an_app_creates_no_asyncio_object() -> None:
    code = (
        "import asyncio\n"
        "made = []\n"
        "for cls in (asyncio.Queue, asyncio.Event, asyncio.Lock):\n"
        "    orig = cls.__init__\n"
        "    def spy(self, *a, _orig=orig, **k):\n"
        "        made.append(type(self).__name__); _orig(self, *a, **k)\n"
        "    cls.__init__ = spy\n"
        "from fastapi import FastAPI\n"
        "from pydantic import BaseModel\n"
        "import typed_ws\n"
        "class M(BaseModel):\n"
        "    x: int\n"
        "r = typed_ws.WSRouter(prefix='p')\n"
        "r.add_operation('go', lambda p, c: None, payload=M)\n"
        "r.server_message('up', payload=M)\n"
        "app = typed_ws.WSApp('T', '1')\n"
        "app.include_router(r)\n"
        "app.add_topic_listener(on_first=print)\n"
        "app.mount(FastAPI(), '/ws')\n"
        "app.asyncapi()\n"
        "assert app.publish('t', 'p.up', M(x=1)) == 0\n"
        "try:\n"
        "    asyncio.get_running_loop()\n"
        "except RuntimeError:\n"
        "    pass\n"
        "else:\n"
        "    raise SystemExit('a loop is running')\n"
        "print(made)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
