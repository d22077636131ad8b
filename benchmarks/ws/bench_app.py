"""The benchmark server: one topic fanned out by typed_ws (/ws) and by a plain Starlette loop (/plain)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from pydantic import BaseModel

from typed_ws import Client, WSApp, WSRouter


class Join(BaseModel):
    topic: str


class Run(BaseModel):
    topic: str
    count: int
    rate: float
    pad: int = 64


class Ack(BaseModel):
    topic: str
    holders: int


class Tick(BaseModel):
    seq: int
    sent_ns: int
    pad: str


ws_app = WSApp("Bench", "1.0.0", heartbeat_interval=600.0, max_connection_lifespan=3600.0, queue_size=256)
router = WSRouter(prefix="bench", tags=["bench"])
router.server_message("tick", payload=Tick)
plain_clients: set[WebSocket] = set()
tasks: set[asyncio.Task[None]] = set()


async def produce(run: Run, fan_out: object) -> None:
    """Publish `count` ticks at `rate` per second; `fan_out(tick)` delivers one."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    for seq in range(run.count):
        delay = start + seq / run.rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tick = Tick(seq=seq, sent_ns=time.monotonic_ns(), pad="x" * run.pad)
        result = fan_out(tick)  # type: ignore[operator]
        if asyncio.iscoroutine(result):
            await result


def start(run: Run, fan_out: object) -> None:
    task = asyncio.get_running_loop().create_task(produce(run, fan_out))
    tasks.add(task)
    task.add_done_callback(tasks.discard)


@router.operation("join", payload=Join, reply=("join.response", Ack))
async def join(payload: Join, client: Client) -> Ack:
    newly = ws_app.subscribe(client, payload.topic)  # held right after this reply is queued
    return Ack(topic=payload.topic, holders=ws_app.subscribers(payload.topic) + int(newly))


@router.operation("run", payload=Run, reply=("run.response", Ack))
async def run(payload: Run, client: Client) -> Ack:
    start(payload, lambda tick: ws_app.publish(payload.topic, "bench.tick", tick))
    return Ack(topic=payload.topic, holders=ws_app.subscribers(payload.topic))


ws_app.include_router(router)


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    await ws_app.start()
    yield
    for task in list(tasks):
        task.cancel()
    await ws_app.stop()


app = FastAPI(lifespan=lifespan)
ws_app.mount(app, "/ws")


async def plain_fan_out(tick: Tick) -> None:
    """The naive baseline: serialise once, then await each client's send in turn."""
    text = json.dumps({"type": "bench.tick", "payload": tick.model_dump(mode="json")})
    for websocket in list(plain_clients):
        try:
            await websocket.send_text(text)
        except Exception:  # noqa: BLE001 - a gone client just leaves the set
            plain_clients.discard(websocket)


@app.websocket("/plain")
async def plain(websocket: WebSocket) -> None:
    """Same messages as /ws, without typed_ws: join adds to a set, run starts the producer."""
    await websocket.accept()
    try:
        while True:
            message = json.loads(await websocket.receive_text())
            if message["type"] == "bench.join":
                plain_clients.add(websocket)
                ack = {"topic": message["payload"]["topic"], "holders": len(plain_clients)}
                await websocket.send_text(json.dumps({"type": "bench.join.response", "payload": ack}))
            elif message["type"] == "bench.run":
                start(Run.model_validate(message["payload"]), plain_fan_out)
                ack = {"topic": message["payload"]["topic"], "holders": len(plain_clients)}
                await websocket.send_text(json.dumps({"type": "bench.run.response", "payload": ack}))
    except WebSocketDisconnect:
        pass
    finally:
        plain_clients.discard(websocket)
