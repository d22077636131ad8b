"""One connected client: its bounded outgoing queue, its writer task and its held topics."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from starlette.websockets import WebSocket

from typed_ws.protocol import CLOSE_TRY_AGAIN_LATER, REASON_TOO_SLOW

if TYPE_CHECKING:
    from typed_ws.app import WSApp

log = logging.getLogger("typed_ws")

# The writer yields to the event loop after this many frames: a send that does not block does not
# yield, so a long backlog would otherwise hold the loop for the whole drain.
WRITER_YIELD_EVERY = 16


class Client:
    """A connection as seen by handlers: send to it, read its topics, keep per-connection state."""

    def __init__(
        self,
        app: WSApp,
        websocket: WebSocket,
        client_id: int,
        queue_size: int,
        overflow_grace: float = 2.0,
        max_backlog_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        """Create the client; its queue is made here, so call this inside the running loop.

        `queue_size` is the backlog (messages) a client may hold for a moment: a burst above it
        is fine if the client drains it within `overflow_grace` seconds. Pressure that lasts
        longer, or a backlog above `max_backlog_bytes` (a memory bound), closes it with 1013.
        """
        self.id = client_id
        self.websocket = websocket
        self.state: dict[str, Any] = {}
        self._app = app
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._limit = queue_size
        self._grace = overflow_grace
        self._max_bytes = max_backlog_bytes
        self._bytes = 0
        # When the backlog last rose above the limit; None while it is within the limit.
        self._pressure_since: float | None = None
        self._relieved: asyncio.Event | None = None
        self._topics: set[str] = set()
        # Topics subscribed while one of this client's handlers runs; held once its reply is queued.
        self._pending: list[str] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._closer: asyncio.Task[None] | None = None
        self._on_close: Callable[[Client], None] | None = None
        self.close_code: int | None = None
        self.close_reason: str | None = None

    def __repr__(self) -> str:
        return f"<Client {self.id} topics={len(self._topics)} closed={self.closed}>"

    @property
    def topics(self) -> frozenset[str]:
        """The topics this client holds."""
        return frozenset(self._topics)

    @property
    def closed(self) -> bool:
        """True once the client is closing or closed; it then receives nothing more."""
        return self.close_code is not None

    @property
    def queued(self) -> int:
        """Messages waiting in the outgoing queue."""
        return self._queue.qsize()

    def send(self, message_type: str, model: BaseModel | None) -> bool:
        """Queue one declared server message to this client only; False when it was not queued."""
        return self._app.send(self, message_type, model)

    @property
    def under_pressure(self) -> bool:
        """True while the backlog is above the queue size."""
        return self._pressure_since is not None

    def offer(self, text: str) -> bool:
        """Queue serialised text without waiting; lasting pressure closes the client with 1013."""
        if self.close_code is not None:
            return False
        self._queue.put_nowait(text)
        self._bytes += len(text)
        if self._queue.qsize() > self._limit:
            now = time.monotonic()
            if self._pressure_since is None:
                self._pressure_since = now
            elif now - self._pressure_since > self._grace:
                return self._too_slow(f"backlog above {self._limit} messages for {now - self._pressure_since:.2f} s")
        if self._bytes > self._max_bytes:
            return self._too_slow(f"backlog of {self._bytes} bytes above {self._max_bytes}")
        return True

    def _too_slow(self, why: str) -> bool:
        log.warning("typed_ws: client %s closed: too slow (%s)", self.id, why)
        self.close(CLOSE_TRY_AGAIN_LATER, REASON_TOO_SLOW)
        return False

    async def relieve(self) -> bool:
        """Wait until the backlog is back within the queue size; False (and closed 1013) if the grace runs out.

        The receive loop calls this before reading the next frame, so a client that pipelines
        requests faster than it reads the replies is slowed down, not dropped.
        """
        while self._pressure_since is not None and self.close_code is None:
            remaining = self._grace - (time.monotonic() - self._pressure_since)
            if remaining <= 0:
                return self._too_slow(f"backlog above {self._limit} messages for {self._grace} s")
            if self._relieved is None:
                self._relieved = asyncio.Event()
            self._relieved.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await self._relieved.wait()
        return self.close_code is None

    def start_writer(self) -> None:
        """Start the task that drains the queue into the socket, in production order."""
        self._writer = asyncio.get_running_loop().create_task(self._write(), name=f"typed_ws-writer-{self.id}")

    async def _write(self) -> None:
        queue = self._queue
        sent = 0
        try:
            while True:
                text = await queue.get()
                self._bytes -= len(text)
                if self._pressure_since is not None and queue.qsize() <= self._limit:
                    self._pressure_since = None
                    if self._relieved is not None:
                        self._relieved.set()
                await self.websocket.send_text(text)
                sent += 1
                if sent % WRITER_YIELD_EVERY == 0:
                    await asyncio.sleep(0)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the peer went away mid-send: nothing more can be sent
            log.debug("typed_ws: writer of client %s stopped: %r", self.id, exc)
            self._mark_closed(1006, "")

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the client (idempotent, never waits): release its topics, stop its writer, send the close."""
        if self.close_code is not None:
            return
        self._mark_closed(code, reason)
        if self._writer is not None and not self._writer.done():
            self._writer.cancel()
        while not self._queue.empty():  # what was queued will never be sent: free it now
            self._queue.get_nowait()
        self._bytes = 0
        if self._relieved is not None:
            self._relieved.set()
        self._closer = asyncio.get_running_loop().create_task(self._send_close(code, reason))

    def _mark_closed(self, code: int, reason: str) -> None:
        if self.close_code is not None:
            return
        self.close_code = code
        self.close_reason = reason
        if self._on_close is not None:
            self._on_close(self)

    async def _send_close(self, code: int, reason: str) -> None:
        if self._writer is not None:
            await asyncio.wait([self._writer])
        with contextlib.suppress(Exception):
            await self.websocket.close(code, reason)

    async def wait_closed(self) -> None:
        """Wait until the close frame was handed to the server (after `close`)."""
        if self._closer is not None:
            await asyncio.wait([self._closer])

    async def stop_writer(self) -> None:
        """Cancel the writer and wait for it to end."""
        if self._writer is not None and not self._writer.done():
            self._writer.cancel()
        if self._writer is not None:
            await asyncio.wait([self._writer])
