"""Every rule over a real uvicorn server on loopback, with real `websockets` clients."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from typed_ws import REASON_TOO_SLOW, timeout_reason

pytestmark = pytest.mark.integration

WITHIN = 1.0  # seconds a server has to answer or close


async def send(ws: ClientConnection, message_type: str, payload: Any = None) -> None:
    await ws.send(json.dumps({"type": message_type, "payload": payload}))


async def recv(ws: ClientConnection, timeout: float = WITHIN) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def closed_with(ws: ClientConnection, timeout: float = WITHIN) -> tuple[int, str]:
    """Wait for the server's close frame; fail when a data frame or nothing arrives in time."""
    with pytest.raises(ConnectionClosed) as info:
        frame = await asyncio.wait_for(ws.recv(), timeout)
        pytest.fail(f"expected a close, got a frame: {frame!r}")
    assert info.value.rcvd is not None, "connection dropped without a close frame"
    return info.value.rcvd.code, info.value.rcvd.reason


async def wait_until(predicate: Any, timeout: float = WITHIN) -> None:
    """Poll a condition on server state shared with this thread, yielding to the loop."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail("condition not reached in time")
        await asyncio.sleep(0.005)


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore:The `websockets` implementation is deprecated")
@pytest.mark.parametrize("implementation", ["auto", "websockets"])  # sans-I/O (the default) and legacy
async def test_slow_client_is_closed_1013_while_another_keeps_receiving(
    make_app: Any, serve: Any, implementation: str
) -> None:
    # A large byte bound: this client is dropped for pressure that lasts, not for memory.
    h = make_app(queue_size=8, overflow_grace=0.3, max_backlog_bytes=1 << 30, stream_interval=0.002, data_size=64_000)
    server = serve(h.api, implementation)
    # max_queue=1 makes the never-reading client stop draining its socket, so TCP backs up;
    # without compression the repetitive payload really takes 64 kB on the wire.
    slow_client = connect(server.url, max_queue=1, max_size=None, compression=None)
    async with slow_client as slow, connect(server.url, max_size=None, compression=None) as fast:
        await send(slow, "ticks.subscribe", {"name": "t"})
        assert (await recv(slow))["type"] == "ticks.subscribe.response"
        await send(fast, "ticks.subscribe", {"name": "t"})
        assert (await recv(fast))["type"] == "ticks.subscribe.response"
        seqs: list[int] = []
        while h.ws.subscribers("ticks:t") == 2:
            seqs.append((await recv(fast, 10.0))["payload"]["payload"]["seq"])
        assert h.ws.subscribers("ticks:t") == 1
        for _ in range(20):  # the fast client keeps receiving after the slow one was dropped
            seqs.append((await recv(fast))["payload"]["payload"]["seq"])
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), "the fast client lost messages"
        assert h.lasts == []  # the producer still has a holder
        drained = 0
        with pytest.raises(ConnectionClosed) as info:
            while True:
                await asyncio.wait_for(slow.recv(), 5.0)
                drained += 1
        assert info.value.rcvd is not None
        assert (info.value.rcvd.code, info.value.rcvd.reason) == (1013, REASON_TOO_SLOW)
        assert drained > 0


async def test_fast_client_survives_a_burst_far_above_its_queue(make_app: Any, serve: Any) -> None:
    h = make_app(queue_size=4, overflow_grace=0.5)
    server = serve(h.api)
    update = h.ws.server_messages["ticks.update"].message.model

    def burst() -> int:
        return sum(h.ws.publish("ticks:b", "ticks.update", update(topic="ticks:b", payload={"seq": i})) for i in range(600))

    async with connect(server.url) as ws:
        await send(ws, "ticks.subscribe", {"name": "b"})
        assert (await recv(ws))["payload"]["status"] == "ok"
        assert h.call(burst) == 600
        assert [(await recv(ws))["payload"]["payload"]["seq"] for _ in range(600)] == list(range(600))
        await send(ws, "echo.ping", {"n": 1})
        assert (await recv(ws))["type"] == "echo.pong"


async def test_pipelined_requests_are_slowed_down_not_dropped(make_app: Any, serve: Any) -> None:
    h = make_app(queue_size=2, overflow_grace=0.5)
    server = serve(h.api)
    async with connect(server.url) as ws:
        for n in range(400):  # all sent before reading any reply
            await send(ws, "echo.ping", {"n": n})
        assert [(await recv(ws))["payload"]["n"] for _ in range(400)] == list(range(400))
        assert h.ws.clients and not h.ws.clients[0].closed


# The second frame is otherwise valid (unknown fields are ignored): only the strict parse refuses it.
@pytest.mark.parametrize("frame", ['{"type": "echo.ping", "payload": {"n": NaN}}', '{"type": "echo.ping", "payload": {"n": 1, "x": -Infinity}}'])
async def test_non_finite_numbers_are_not_json(make_app: Any, serve: Any, frame: str) -> None:
    server = serve(make_app().api)
    async with connect(server.url) as ws:
        await ws.send(frame)
        assert await closed_with(ws) == (1003, "Could not validate payload")


async def test_frame_above_the_size_limit_closes_1003(make_app: Any, serve: Any) -> None:
    server = serve(make_app(max_message_size=1000).api)
    async with connect(server.url) as ws:
        await send(ws, "echo.ping", {"n": 1, "pad": "x" * 900})
        assert (await recv(ws))["type"] == "echo.pong"
        await send(ws, "echo.ping", {"n": 1, "pad": "x" * 1000})
        assert await closed_with(ws) == (1003, "Could not validate payload")


async def test_reply_round_trip(make_app: Any, serve: Any) -> None:
    server = serve(make_app().api)
    async with connect(server.url) as ws:
        await send(ws, "echo.ping", {"n": 4})
        assert await recv(ws) == {"type": "echo.pong", "payload": {"n": 4, "note": None}}


async def test_broadcast_reaches_only_holders(make_app: Any, serve: Any) -> None:
    h = make_app()
    server = serve(h.api)
    update = h.ws.server_messages["ticks.update"].message.model
    async with connect(server.url) as a, connect(server.url) as b, connect(server.url) as idle:
        for ws, name in ((a, "one"), (b, "two")):
            await send(ws, "ticks.subscribe", {"name": name})
            assert (await recv(ws))["payload"]["status"] == "ok"
        assert h.call(h.ws.publish, "ticks:one", "ticks.update", update(topic="ticks:one", payload={"seq": 1})) == 1
        assert h.call(h.ws.publish, "ticks:none", "ticks.update", update(topic="ticks:none", payload={"seq": 9})) == 0
        assert (await recv(a))["payload"]["topic"] == "ticks:one"
        # b and idle got nothing: their next frame is the reply to their own ping.
        for ws in (b, idle):
            await send(ws, "echo.ping", {"n": 5})
            assert (await recv(ws))["type"] == "echo.pong"


BAD_FRAMES = [
    pytest.param("{", (1003, "Could not validate payload"), id="not-json"),
    pytest.param("42", (1003, "Could not validate payload"), id="not-object"),
    pytest.param('{"type": "echo.ping", "payload": null}', (1003, "Could not validate payload"), id="null-payload"),
    pytest.param('{"type": "echo.ping", "payload": {"n": []}}', (1003, "Could not validate payload"), id="invalid"),
    pytest.param('{"type": "ticks.update", "payload": {}}', (1003, "No matching type"), id="server-type"),
    pytest.param('{"type": "ticks.subscribe.response"}', (1003, "No matching type"), id="response-type"),
    pytest.param('{"type": "echo.fail", "payload": {"n": 1}}', (1003, "Could not decode message"), id="valueerror"),
    pytest.param('{"type": "echo.fail", "payload": {"n": 2}}', (1011, "Internal error"), id="crash"),
]


@pytest.mark.parametrize(("frame", "expected"), BAD_FRAMES)
async def test_bad_input_closes_within_a_second(
    make_app: Any, serve: Any, frame: str, expected: tuple[int, str]
) -> None:
    h = make_app()
    server = serve(h.api)
    async with connect(server.url) as ws:
        await send(ws, "ticks.subscribe", {"name": "a"})
        await recv(ws)
        await ws.send(frame)
        assert await closed_with(ws) == expected
    await wait_until(lambda: h.ws.clients == [])
    assert h.lasts == ["ticks:a"]
    async with connect(server.url) as ws:  # the server lives on
        await send(ws, "echo.ping", {"n": 1})
        assert (await recv(ws))["type"] == "echo.pong"


async def test_heartbeat_timeout(make_app: Any, serve: Any) -> None:
    server = serve(make_app(heartbeat_interval=0.3, max_connection_lifespan=60).api)
    async with connect(server.url) as ws:
        assert await closed_with(ws) == (1003, timeout_reason(0.3, 60))


async def test_producer_learns_when_last_holder_leaves(make_app: Any, serve: Any) -> None:
    h = make_app(stream_interval=0.01)
    server = serve(h.api)
    async with connect(server.url) as a:
        await send(a, "ticks.subscribe", {"name": "p"})
        await recv(a)
        async with connect(server.url) as b:
            await send(b, "ticks.subscribe", {"name": "p"})
            assert (await recv(b))["type"] == "ticks.subscribe.response"
            assert (await recv(b))["type"] == "ticks.update"
        # A clean close of b leaves a as the only holder: the producer keeps running.
        await wait_until(lambda: len(h.ws.clients) == 1)
        assert h.lasts == [] and "ticks:p" in h.producers
        assert (await recv(a))["type"] == "ticks.update"
        a.transport.abort()  # then the last holder vanishes without a close frame
    assert await asyncio.to_thread(h.last_left.wait, WITHIN)
    assert h.lasts == ["ticks:p"] and h.producers == {} and h.ws.subscribers("ticks:p") == 0


async def test_idempotent_subscribe_and_unsubscribe_replies(make_app: Any, serve: Any) -> None:
    h = make_app()
    server = serve(h.api)
    async with connect(server.url) as ws:
        for _ in range(2):
            await send(ws, "ticks.subscribe", {"name": "a"})
            assert (await recv(ws))["payload"] == {"status": "ok", "topic": "ticks:a", "message": "Subscribed"}
        assert h.ws.subscribers("ticks:a") == 1 and h.firsts == ["ticks:a"]
        await send(ws, "ticks.unsubscribe", {"name": "a"})
        assert (await recv(ws))["payload"]["message"] == "Unsubscribed"
        await send(ws, "ticks.unsubscribe", {"name": "a"})
        assert (await recv(ws))["payload"] == {"status": "error", "topic": "ticks:a", "message": "Not subscribed"}
        assert h.lasts == ["ticks:a"]
        await send(ws, "echo.ping", {"n": 1})
        assert (await recv(ws))["type"] == "echo.pong"


async def test_reply_precedes_updates_of_a_streaming_topic(make_app: Any, serve: Any) -> None:
    h = make_app(stream_interval=0.001)
    server = serve(h.api)
    # max_queue=None: unread updates must not pause the client's reading, or its closing
    # handshake would wait for its close timeout behind them.
    async with connect(server.url, max_queue=None) as first:
        await send(first, "ticks.subscribe", {"name": "s"})
        assert (await recv(first))["type"] == "ticks.subscribe.response"
        for _ in range(5):
            async with connect(server.url, max_queue=None) as late:
                await send(late, "ticks.subscribe", {"name": "s"})
                assert (await recv(late))["type"] == "ticks.subscribe.response"
                assert (await recv(late))["type"] == "ticks.update"


async def test_lifespan_timeout(make_app: Any, serve: Any) -> None:
    server = serve(make_app(heartbeat_interval=30, max_connection_lifespan=0.3).api)
    async with connect(server.url) as ws:
        give_up = asyncio.get_running_loop().time() + 0.3 + WITHIN
        with pytest.raises(ConnectionClosed) as info:
            while asyncio.get_running_loop().time() < give_up:  # active, yet closed at the end of its lifespan
                await send(ws, "echo.ping", {"n": 1})
                await recv(ws)
        assert info.value.rcvd is not None
        assert (info.value.rcvd.code, info.value.rcvd.reason) == (1003, timeout_reason(30.0, 0.3))


async def test_asyncapi_routes_over_http(make_app: Any, serve: Any) -> None:
    import httpx

    h = make_app()
    server = serve(h.api)
    base = f"http://127.0.0.1:{server.port}"
    async with httpx.AsyncClient(base_url=base, timeout=WITHIN) as http:
        first, second = (await http.get("/ws/asyncapi.json")).json(), (await http.get("/ws/asyncapi.json")).json()
        assert first == second == h.ws.asyncapi()
        page = await http.get("/ws/asyncapi")
        assert page.status_code == 200 and "<script src" not in page.text
        assert not any(path.startswith("/ws") for path in (await http.get("/openapi.json")).json()["paths"])
