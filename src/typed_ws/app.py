"""WSApp: the registry of operations, the topic hub, the endpoint and the AsyncAPI document."""

from __future__ import annotations

import asyncio
import copy
import itertools
import logging
import math
from typing import Any

from pydantic import BaseModel
from starlette.websockets import WebSocket

from typed_ws.asyncapi import build_asyncapi
from typed_ws.client import Client
from typed_ws.connection import serve
from typed_ws.hub import TopicCallback, TopicHub
from typed_ws.protocol import CLOSE_GOING_AWAY, REASON_SHUTDOWN, encode_message
from typed_ws.router import MessageSpec, Operation, ServerMessage, WSRouter, check_name

log = logging.getLogger("typed_ws")


def _positive(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}.")
    return float(value)


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}.")
    return value


class WSApp:
    """Typed operations over one WebSocket endpoint, with topics and an AsyncAPI 3.0 document."""

    def __init__(
        self,
        title: str,
        version: str,
        description: str | None = None,
        *,
        heartbeat_interval: float = 30.0,
        max_connection_lifespan: float = 3600.0,
        queue_size: int = 256,
        channel: str = "ws",
        address: str | None = None,
        overflow_grace: float = 2.0,
        max_backlog_bytes: int = 16 * 1024 * 1024,
        max_message_size: int = 1024 * 1024,
    ) -> None:
        """Declare the app; no asyncio object is created before the first connection or `start()`.

        Flow control: a client's outgoing backlog may exceed `queue_size` messages in a burst; it
        is closed with 1013 only when the backlog stays above `queue_size` for longer than
        `overflow_grace` seconds, or grows beyond `max_backlog_bytes`. A client frame longer than
        `max_message_size` (characters or bytes) closes the connection with 1003.
        """
        self.title = title
        self.version = version
        self.description = description
        self.heartbeat_interval = _positive(heartbeat_interval, "heartbeat_interval")
        self.max_connection_lifespan = _positive(max_connection_lifespan, "max_connection_lifespan")
        if isinstance(queue_size, bool) or not isinstance(queue_size, int) or queue_size < 1:
            raise ValueError(f"queue_size must be an integer >= 1, got {queue_size!r}.")
        self.queue_size = queue_size
        self.overflow_grace = _positive(overflow_grace, "overflow_grace")
        self.max_backlog_bytes = _positive_int(max_backlog_bytes, "max_backlog_bytes")
        self.max_message_size = _positive_int(max_message_size, "max_message_size")
        self.channel = check_name(channel, "channel key")
        self.address = address
        self.routers: list[WSRouter] = []
        self._operations: dict[str, Operation] = {}
        self._sendable: dict[str, MessageSpec] = {}
        self._messages: dict[str, MessageSpec] = {}
        self._kinds: dict[str, str] = {}
        self._hub = TopicHub()
        self._clients: dict[Client, None] = {}
        self._ids = itertools.count(1)
        self._asyncapi: dict[str, Any] | None = None
        self.started = False

    # -- declarations -------------------------------------------------------------------------

    def include_router(self, router: WSRouter) -> None:
        """Add every operation and server message of `router`; a type declared twice is an error."""
        if router in self.routers:
            raise ValueError(f"Router with prefix {router.prefix!r} is already included.")
        seen = {t: (self._kinds[t], spec.model) for t, spec in self._messages.items()}
        for spec, kind in _router_specs(router):
            prev = seen.get(spec.type)
            # Only a reply may be declared twice (e.g. shared by two operations), with the same model.
            if prev is not None and not (prev[0] == kind == "reply" and prev[1] is spec.model):
                raise ValueError(
                    f"Message type {spec.type!r} is declared twice (router prefix {router.prefix!r}); "
                    "each type must be unique across the included routers."
                )
            seen[spec.type] = (kind, spec.model)
        for spec, kind in _router_specs(router):
            self._kinds[spec.type] = kind
        for op in router.operations:
            self._operations[op.type] = op
            self._messages[op.type] = op.message
            if op.reply is not None:
                self._sendable[op.reply.type] = op.reply
                self._messages[op.reply.type] = op.reply
        for msg in router.server_messages:
            self._sendable[msg.type] = msg.message
            self._messages[msg.type] = msg.message
        self.routers.append(router)
        self._asyncapi = None

    @property
    def operations(self) -> dict[str, Operation]:
        """Client operations by message type."""
        return dict(sorted(self._operations.items()))

    @property
    def server_messages(self) -> dict[str, ServerMessage]:
        """Server messages by message type."""
        return {m.type: m for r in self.routers for m in r.server_messages}

    def asyncapi(self) -> dict[str, Any]:
        """Return the AsyncAPI 3.0.0 document (a fresh copy; identical content on every call)."""
        if self._asyncapi is None:
            self._asyncapi = build_asyncapi(
                self.routers,
                title=self.title,
                version=self.version,
                description=self.description,
                channel=self.channel,
                address=self.address or "/",
            )
        return copy.deepcopy(self._asyncapi)

    def mount(self, app: Any, path: str) -> None:
        """Register the WebSocket endpoint at `path` and GET `path/asyncapi.json` and `path/asyncapi` on `app`."""
        from typed_ws.mount import mount_on

        if not isinstance(path, str) or not path.startswith("/") or (len(path) > 1 and path.endswith("/")):
            raise ValueError(f"Mount path must start with '/' and not end with '/', got {path!r}.")
        if self.address is None:
            self.address = path
            self._asyncapi = None
        mount_on(self, app, path)

    async def endpoint(self, websocket: WebSocket) -> None:
        """The ASGI WebSocket endpoint: serve one connection."""
        await serve(self, websocket)

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Mark the app started (call from the lifespan); connections also work without it."""
        self.started = True

    async def stop(self) -> None:
        """Close every client (1001), cancel their writers and pending listener tasks."""
        loop = asyncio.get_running_loop()
        clients = [c for c in self._clients if c._writer is not None and c._writer.get_loop() is loop]
        for stale in [c for c in self._clients if c not in clients]:  # served by a loop that is gone
            self._disconnect(stale)
        for client in clients:
            client.close(CLOSE_GOING_AWAY, REASON_SHUTDOWN)
        for client in clients:
            await client.stop_writer()
        closers = [c._closer for c in clients if c._closer is not None and not c._closer.done()]
        if closers:
            _, late = await asyncio.wait(closers, timeout=2.0)
            for task in late:
                task.cancel()
        await self._hub.cancel_tasks()
        self.started = False

    @property
    def clients(self) -> list[Client]:
        """The connected clients, oldest first."""
        return list(self._clients)

    def _connect(self, websocket: WebSocket) -> Client:
        client = Client(
            self, websocket, next(self._ids), self.queue_size, self.overflow_grace, self.max_backlog_bytes
        )
        client._on_close = self._hub.release_all
        self._clients[client] = None
        client.start_writer()
        return client

    def _disconnect(self, client: Client) -> None:
        client._mark_closed(1000, "")
        self._hub.release_all(client)
        self._clients.pop(client, None)

    # -- topics and sending -------------------------------------------------------------------

    def subscribe(self, client: Client, topic: str) -> bool:
        """Make `client` hold `topic`; True when newly held.

        Called from one of the client's handlers, the hold takes effect right after the
        handler's reply is queued, so the reply always precedes the topic's updates.
        """
        if client.closed:
            return False
        if client._pending is not None:
            if topic in client._topics or topic in client._pending:
                return False
            client._pending.append(topic)
            return True
        return self._hub.hold(client, topic)

    def unsubscribe(self, client: Client, topic: str) -> bool:
        """Make `client` stop holding `topic`; False when it did not hold it."""
        if client._pending is not None and topic in client._pending:
            client._pending.remove(topic)
            return True
        return self._hub.release(client, topic)

    def subscribers(self, topic: str) -> int:
        """How many clients hold `topic`."""
        return self._hub.count(topic)

    def topics(self) -> list[str]:
        """Every topic held by at least one client, sorted."""
        return self._hub.topics()

    def add_topic_listener(self, on_first: TopicCallback | None = None, on_last: TopicCallback | None = None) -> None:
        """Call `on_first(topic)` on a topic's first holder and `on_last(topic)` when its last one leaves."""
        self._hub.add_listener(on_first, on_last)

    def publish(self, topic: str, message_type: str, model: BaseModel | None) -> int:
        """Queue a server message to every holder of `topic`, serialised once; returns how many got it."""
        self._check_sendable(message_type)
        return self._hub.publish(topic, lambda: encode_message(message_type, model))

    def send(self, client: Client, message_type: str, model: BaseModel | None) -> bool:
        """Queue a server message to one client; False when the client is closed or too slow."""
        self._check_sendable(message_type)
        return client.offer(encode_message(message_type, model))

    def _check_sendable(self, message_type: str) -> None:
        if message_type not in self._sendable:
            known = ", ".join(sorted(self._sendable)) or "none"
            raise ValueError(f"Unknown server message type {message_type!r}. Declared: {known}.")


def _router_specs(router: WSRouter) -> list[tuple[MessageSpec, str]]:
    specs: list[tuple[MessageSpec, str]] = []
    for op in router.operations:
        specs.append((op.message, "op"))
        if op.reply is not None:
            specs.append((op.reply, "reply"))
    specs.extend((msg.message, "server") for msg in router.server_messages)
    return specs
