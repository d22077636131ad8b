"""Declarations: client operations and server messages grouped by a router prefix."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

if TYPE_CHECKING:
    from typed_ws.client import Client

Handler = Callable[[Any, "Client"], "Awaitable[BaseModel | None] | BaseModel | None"]
H = TypeVar("H", bound=Callable[..., Any])

_NAME = re.compile(r"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*$")


def check_name(value: str, what: str) -> str:
    """Return `value` if it is a dotted name usable as a message type, else raise ValueError."""
    if not isinstance(value, str) or not _NAME.match(value):
        raise ValueError(
            f"Invalid {what} {value!r}: use letters, digits, '_' or '-', parts separated by '.' "
            "(e.g. 'bars' or 'subscribe.response')."
        )
    return value


def check_model(model: Any, what: str) -> type[BaseModel] | None:
    """Return `model` if it is None or a pydantic model class, else raise TypeError."""
    if model is None or (isinstance(model, type) and issubclass(model, BaseModel)):
        return model
    raise TypeError(f"{what} must be a pydantic BaseModel subclass or None, got {model!r}.")


def title_of(message_type: str) -> str:
    """Derive a human title from a message type: 'bars.subscribe.response' -> 'Bars subscribe response'."""
    words = re.split(r"[.\-_]+", message_type)
    text = " ".join(word for word in words if word)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class MessageSpec:
    """One message type on the wire: `{type, payload}` with `payload` validated by `model`."""

    type: str
    model: type[BaseModel] | None
    title: str
    tags: tuple[str, ...]
    summary: str | None = None


@dataclass(frozen=True)
class Operation:
    """A client-sent message, its handler, and the optional reply message."""

    name: str
    message: MessageSpec
    handler: Handler
    reply: MessageSpec | None
    summary: str | None
    description: str | None

    @property
    def type(self) -> str:
        """The full message type the client sends."""
        return self.message.type


@dataclass(frozen=True)
class ServerMessage:
    """A server-sent message (broadcast to topic holders or sent to one client)."""

    name: str
    message: MessageSpec
    summary: str | None
    description: str | None

    @property
    def type(self) -> str:
        """The full message type the server sends."""
        return self.message.type


class WSRouter:
    """A group of operations and server messages sharing a type prefix and tags."""

    def __init__(self, prefix: str = "", tags: Sequence[str] = ()) -> None:
        """Create a router; message types become `<prefix>.<name>` (just `<name>` without prefix)."""
        self.prefix = check_name(prefix, "router prefix") if prefix else ""
        if isinstance(tags, str):
            raise TypeError(f"tags must be a list of strings, got the string {tags!r}.")
        self.tags: tuple[str, ...] = tuple(tags)
        self.operations: list[Operation] = []
        self.server_messages: list[ServerMessage] = []

    def full_type(self, name: str) -> str:
        """Return the message type of `name` under this router's prefix."""
        check_name(name, "message name")
        return f"{self.prefix}.{name}" if self.prefix else name

    def _spec(self, name: str, model: Any, title: str | None, summary: str | None) -> MessageSpec:
        full = self.full_type(name)
        checked = check_model(model, f"Payload model of {full!r}")
        return MessageSpec(full, checked, title or title_of(full), self.tags, summary)

    def add_operation(
        self,
        name: str,
        handler: Handler,
        *,
        payload: type[BaseModel] | None,
        reply: tuple[str, type[BaseModel] | None] | None = None,
        summary: str | None = None,
        description: str | None = None,
        title: str | None = None,
    ) -> Operation:
        """Declare a client-sent operation handled by `handler(payload, client)`."""
        if not callable(handler):
            raise TypeError(f"Handler of {self.full_type(name)!r} must be callable, got {handler!r}.")
        reply_spec = None
        if reply is not None:
            if not (isinstance(reply, tuple) and len(reply) == 2):
                raise TypeError(f"reply must be a (name, model) tuple, got {reply!r}.")
            reply_spec = self._spec(reply[0], reply[1], None, summary)
        op = Operation(name, self._spec(name, payload, title, summary), handler, reply_spec, summary, description)
        self.operations.append(op)
        return op

    def operation(
        self,
        name: str,
        *,
        payload: type[BaseModel] | None,
        reply: tuple[str, type[BaseModel] | None] | None = None,
        summary: str | None = None,
        description: str | None = None,
        title: str | None = None,
    ) -> Callable[[H], H]:
        """Decorate `async def handler(payload, client) -> reply model | None` as an operation."""

        def decorate(handler: H) -> H:
            self.add_operation(
                name,
                handler,
                payload=payload,
                reply=reply,
                summary=summary,
                description=description,
                title=title,
            )
            return handler

        return decorate

    def server_message(
        self,
        name: str,
        *,
        payload: type[BaseModel] | None,
        summary: str | None = None,
        description: str | None = None,
        title: str | None = None,
    ) -> ServerMessage:
        """Declare a server-sent message; returns it (its `.type` is what `publish` takes)."""
        msg = ServerMessage(name, self._spec(name, payload, title, summary), summary, description)
        self.server_messages.append(msg)
        return msg
