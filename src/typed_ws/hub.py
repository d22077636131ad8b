"""Topics: which clients hold what, reference counts, first/last listeners, fan-out."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable
from typing import Any

from typed_ws.client import Client

log = logging.getLogger("typed_ws")

TopicCallback = Callable[[str], Any]


class TopicHub:
    """Reference-counted topics; plain data, safe to build at import time."""

    def __init__(self) -> None:
        """Create an empty hub."""
        # Insertion-ordered dicts used as sets: fan-out order is the subscription order.
        self._holders: dict[str, dict[Client, None]] = {}
        self._listeners: list[tuple[TopicCallback | None, TopicCallback | None]] = []
        self._tasks: set[asyncio.Task[Any]] = set()

    def add_listener(self, on_first: TopicCallback | None, on_last: TopicCallback | None) -> None:
        """Call `on_first(topic)` when a topic gets its first holder and `on_last(topic)` when it loses its last."""
        for cb in (on_first, on_last):
            if cb is not None and not callable(cb):
                raise TypeError(f"Topic listener must be callable or None, got {cb!r}.")
        self._listeners.append((on_first, on_last))

    def holders(self, topic: str) -> dict[Client, None] | None:
        """The clients holding `topic` (None when nobody does); do not mutate."""
        return self._holders.get(topic)

    def count(self, topic: str) -> int:
        """How many clients hold `topic`."""
        return len(self._holders.get(topic) or ())

    def topics(self) -> list[str]:
        """Every held topic, sorted."""
        return sorted(self._holders)

    def hold(self, client: Client, topic: str) -> bool:
        """Make `client` hold `topic`; True when it did not hold it before."""
        if client.closed or topic in client._topics:
            return False
        client._topics.add(topic)
        holders = self._holders.get(topic)
        if holders is None:
            self._holders[topic] = {client: None}
            self._fire(0, topic)
        else:
            holders[client] = None
        return True

    def release(self, client: Client, topic: str) -> bool:
        """Make `client` stop holding `topic`; False when it did not hold it."""
        if topic not in client._topics:
            return False
        client._topics.discard(topic)
        holders = self._holders.get(topic)
        if holders is not None:
            holders.pop(client, None)
            if not holders:
                del self._holders[topic]
                self._fire(1, topic)
        return True

    def release_all(self, client: Client) -> None:
        """Release every topic of `client`, in sorted order."""
        if client._pending:
            client._pending.clear()
        for topic in sorted(client._topics):
            self.release(client, topic)

    def _fire(self, which: int, topic: str) -> None:
        for listener in list(self._listeners):
            callback = listener[which]
            if callback is None:
                continue
            try:
                result = callback(topic)
            except Exception:
                log.exception("typed_ws: topic listener %r failed for %r", callback, topic)
                continue
            if inspect.isawaitable(result):
                task = asyncio.ensure_future(result)
                self._tasks.add(task)
                task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("typed_ws: async topic listener failed", exc_info=task.exception())

    async def cancel_tasks(self) -> None:
        """Cancel async listener tasks still running."""
        loop = asyncio.get_running_loop()
        # Tasks of an earlier, finished loop (e.g. a previous test client) can only be forgotten.
        tasks = [task for task in self._tasks if task.get_loop() is loop]
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)

    def publish(self, topic: str, text_factory: Callable[[], str]) -> int:
        """Queue one serialised message to every holder of `topic`; the text is built once, only if held."""
        holders = self._holders.get(topic)
        if not holders:
            return 0
        text = text_factory()
        sent = 0
        for client in list(holders):
            if client.offer(text):
                sent += 1
        return sent
