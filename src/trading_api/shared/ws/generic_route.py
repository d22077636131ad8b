"""Topic builder and the generic subscription route used by every WebSocket route."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Callable, Generic, Iterable, List, Optional, Sequence, Type, TypeVar

from pydantic import BaseModel

from trading_api.models import SubscriptionResponse, SubscriptionUpdate
from trading_api.shared.plugins.ws_adapter import Client, WSApp, WSRouter

log = logging.getLogger(__name__)

RequestT = TypeVar("RequestT", bound=BaseModel)
DataT = TypeVar("DataT", bound=BaseModel)

# A producer yields to the event loop after this many updates, so a topic with hundreds of
# symbols never holds the loop (or its holders' writers) for the whole interval's work.
PUBLISH_CHUNK = 25

# Returns why a request is rejected, or None when it is accepted.
Validator = Callable[[Any], Optional[str]]
# Builds one step of a periodic producer: each call returns (or lazily yields) the updates of one interval.
StreamFactory = Callable[[Any, str], Callable[[], Iterable[BaseModel]]]
# Called once when a topic's first holder arrives; returns updates to publish at once.
OnStart = Callable[[Any, str], Sequence[BaseModel]]


def _replace_nulls(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict):
        return {key: _replace_nulls(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_nulls(item) for item in value]
    return value


def build_topic(route: str, request: BaseModel) -> str:
    """Return `<route>:<params>` for a validated request (TRADING_API.md 5.4)."""
    params = _replace_nulls(request.model_dump(mode="json"))
    return f"{route}:{json.dumps(params, sort_keys=True, separators=(',', ':'))}"


class SubscriptionRoute(Generic[RequestT, DataT]):
    """A route with reference-counted subscribe/unsubscribe and `<route>.update` messages."""

    def __init__(
        self,
        route: str,
        *,
        tag: str,
        request_model: Type[RequestT],
        data_model: Type[DataT],
        validate: Validator,
        stream: Optional[StreamFactory] = None,
        interval: float = 0.2,
        on_start: Optional[OnStart] = None,
        label: Optional[str] = None,
    ) -> None:
        self.route = route
        self.request_model = request_model
        self.data_model = data_model
        self.update_model = SubscriptionUpdate[data_model]  # type: ignore[valid-type]
        self.update_type = f"{route}.update"
        self._validate = validate
        self._stream = stream
        self._interval = interval
        self._on_start = on_start
        self._requests: dict[str, RequestT] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._ws_app: Optional[WSApp] = None
        label = label or route
        self.router = WSRouter(prefix=route, tags=[tag])
        self.router.add_operation(
            "subscribe",
            self._subscribe,
            payload=request_model,
            reply=("subscribe.response", SubscriptionResponse),
            summary=f"Subscribe to {label} updates",
        )
        self.router.add_operation(
            "unsubscribe",
            self._unsubscribe,
            payload=request_model,
            reply=("unsubscribe.response", SubscriptionResponse),
            summary=f"Unsubscribe from {label} updates",
        )
        self.router.server_message("update", payload=self.update_model, summary=f"{label.capitalize()} updates")

    def attach(self, ws_app: WSApp) -> None:
        """Bind the route to `ws_app` and start/stop producers with its topics' holders."""
        self._ws_app = ws_app
        ws_app.add_topic_listener(on_first=self._first_holder, on_last=self._last_holder)

    def topic(self, request: RequestT) -> str:
        """Return the topic of a validated request."""
        return build_topic(self.route, request)

    def publish(self, topic: str, data: DataT) -> int:
        """Send one update to every holder of `topic`; dropped at once when nobody holds it."""
        if self._ws_app is None or self._ws_app.subscribers(topic) == 0:
            return 0  # dropped at once: nobody holds the topic
        return self._ws_app.publish(topic, self.update_type, self.update_model(topic=topic, payload=data))

    @property
    def running_producers(self) -> List[str]:
        """Topics whose periodic producer is running, sorted."""
        return sorted(topic for topic, task in self._tasks.items() if not task.done())

    async def stop(self) -> None:
        """Cancel every producer task."""
        tasks = list(self._tasks.values())
        self._tasks.clear()
        self._requests.clear()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)

    async def _subscribe(self, request: RequestT, client: Client) -> SubscriptionResponse:
        topic = self.topic(request)
        reason = self._validate(request)
        if reason is not None:
            return SubscriptionResponse(status="error", message=reason, topic=topic)
        assert self._ws_app is not None, "route used before attach()"
        self._requests.setdefault(topic, request)
        if not self._ws_app.subscribe(client, topic) and self._ws_app.subscribers(topic) == 0 and client.closed:
            self._requests.pop(topic, None)  # nobody will hold it: forget the request
        return SubscriptionResponse(status="ok", message="Subscribed", topic=topic)

    async def _unsubscribe(self, request: RequestT, client: Client) -> SubscriptionResponse:
        topic = self.topic(request)
        assert self._ws_app is not None, "route used before attach()"
        if not self._ws_app.unsubscribe(client, topic):
            return SubscriptionResponse(status="error", message="Not subscribed", topic=topic)
        return SubscriptionResponse(status="ok", message="Unsubscribed", topic=topic)

    def _owns(self, topic: str) -> bool:
        return topic.startswith(f"{self.route}:") and topic in self._requests

    def _first_holder(self, topic: str) -> None:
        if not self._owns(topic):
            return
        request = self._requests[topic]
        if self._on_start is not None:
            for data in self._on_start(request, topic):
                self.publish(topic, data)  # type: ignore[arg-type]
        if self._stream is not None:
            step = self._stream(request, topic)
            loop = asyncio.get_running_loop()
            self._tasks[topic] = loop.create_task(self._produce(topic, step), name=f"producer {topic}")

    def _last_holder(self, topic: str) -> None:
        if not topic.startswith(f"{self.route}:"):
            return
        self._requests.pop(topic, None)
        task = self._tasks.pop(topic, None)
        if task is not None:
            task.cancel()

    async def _produce(self, topic: str, step: Callable[[], Iterable[BaseModel]]) -> None:
        try:
            while True:
                for count, data in enumerate(step(), start=1):
                    self.publish(topic, data)  # type: ignore[arg-type]
                    if count % PUBLISH_CHUNK == 0:
                        await asyncio.sleep(0)
                await asyncio.sleep(self._interval)
        except asyncio.CancelledError:
            raise
        except Exception:  # a broken producer stops its topic only, never the app
            log.exception("producer of %s failed", topic)
