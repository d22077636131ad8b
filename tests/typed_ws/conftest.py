"""A small test app on typed_ws (test-only models), and real uvicorn servers on loopback."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pytest
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel, Field

from typed_ws import Client, WSApp, WSRouter

T = TypeVar("T")


class Ping(BaseModel):
    n: int


class Pong(BaseModel):
    n: int
    note: str | None = None


class TopicRequest(BaseModel):
    name: str = Field(min_length=1)


class Ack(BaseModel):
    status: str
    topic: str
    message: str


class Tick(BaseModel):
    seq: int
    data: str = ""


class Update(BaseModel, Generic[T]):
    topic: str
    payload: T


@dataclass
class Harness:
    """The FastAPI app, its WSApp, and what the topic listeners saw."""

    api: FastAPI
    ws: WSApp
    firsts: list[str] = field(default_factory=list)
    lasts: list[str] = field(default_factory=list)
    last_left: threading.Event = field(default_factory=threading.Event)
    producers: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    loop: asyncio.AbstractEventLoop | None = None

    def call(self, fn: Any, *args: Any) -> Any:
        """Run `fn(*args)` in the server's loop and return its result (for tests in other threads)."""
        assert self.loop is not None
        done = threading.Event()
        box: list[Any] = []

        def run() -> None:
            box.append(fn(*args))
            done.set()

        self.loop.call_soon_threadsafe(run)
        assert done.wait(2.0), "server loop did not run the call"
        return box[0]


def build(
    *,
    stream_interval: float | None = None,
    data_size: int = 0,
    **ws_options: Any,
) -> Harness:
    """Build a fresh test app; with `stream_interval`, each held topic gets a ticking producer."""
    ws = WSApp("Test WS", "0.1.0", "A test app.", **ws_options)
    harness: Harness

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        harness.loop = asyncio.get_running_loop()
        await ws.start()
        yield
        for task in harness.producers.values():
            task.cancel()
        await ws.stop()

    api = FastAPI(lifespan=lifespan)
    harness = Harness(api, ws)

    echo = WSRouter(prefix="echo", tags=["tools"])

    @echo.operation("ping", payload=Ping, reply=("pong", Pong), summary="Echo a number")
    def ping(payload: Ping, client: Client) -> Pong:  # a plain function works as a handler too
        return Pong(n=payload.n)

    @echo.operation("fail", payload=Ping, reply=("fail.response", Pong), summary="Fail on purpose")
    async def fail(payload: Ping, client: Client) -> Any:
        if payload.n == 1:
            raise ValueError("bad value")
        if payload.n == 2:
            raise RuntimeError("boom")
        if payload.n == 3:
            return Ack(status="x", topic="x", message="wrong type")
        return None

    ticks = WSRouter(prefix="ticks", tags=["stream"])

    @ticks.operation("subscribe", payload=TopicRequest, reply=("subscribe.response", Ack), summary="Subscribe")
    async def subscribe(payload: TopicRequest, client: Client) -> Ack:
        topic = f"ticks:{payload.name}"
        ws.subscribe(client, topic)
        await asyncio.sleep(0)  # a handler may await after subscribing: producers run meanwhile
        return Ack(status="ok", topic=topic, message="Subscribed")

    @ticks.operation("unsubscribe", payload=TopicRequest, reply=("unsubscribe.response", Ack), summary="Unsubscribe")
    async def unsubscribe(payload: TopicRequest, client: Client) -> Ack:
        topic = f"ticks:{payload.name}"
        if ws.unsubscribe(client, topic):
            return Ack(status="ok", topic=topic, message="Unsubscribed")
        return Ack(status="error", topic=topic, message="Not subscribed")

    ticks.server_message("update", payload=Update[Tick], summary="Ticks of a topic")

    async def produce(topic: str) -> None:
        seq = 0
        while True:
            seq += 1
            ws.publish(topic, "ticks.update", Update[Tick](topic=topic, payload=Tick(seq=seq, data="x" * data_size)))
            await asyncio.sleep(stream_interval or 0)

    def on_first(topic: str) -> None:
        harness.firsts.append(topic)
        harness.last_left.clear()
        if stream_interval is not None:
            harness.producers[topic] = asyncio.get_running_loop().create_task(produce(topic))

    def on_last(topic: str) -> None:
        harness.lasts.append(topic)
        task = harness.producers.pop(topic, None)
        if task is not None:
            task.cancel()
        harness.last_left.set()

    ws.add_topic_listener(on_first=on_first, on_last=on_last)
    ws.include_router(echo)
    ws.include_router(ticks)
    ws.mount(api, "/ws")
    return harness


@pytest.fixture
def make_app() -> Any:
    """The test-app builder."""
    return build


class Server:
    """A real uvicorn server in a thread, on a free 127.0.0.1 port."""

    def __init__(self, app: Any, ws: str = "auto") -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="on", ws=ws)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def __enter__(self) -> Server:
        self.thread.start()
        for _ in range(500):
            if self.server.started:
                return self
            if not self.thread.is_alive():
                break
            threading.Event().wait(0.01)
        raise RuntimeError("uvicorn did not start")

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture
def serve() -> Iterator[Any]:
    """Start a uvicorn server for an app; stopped at teardown."""
    servers: list[Server] = []

    def start(app: Any, ws: str = "auto") -> Server:
        server = Server(app, ws).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)
