"""Build the AsyncAPI 3.0.0 document from router declarations (pure, deterministic)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from typed_ws.router import MessageSpec, WSRouter

ASYNCAPI_VERSION = "3.0.0"
CONTENT_TYPE = "application/json"
REF_TEMPLATE = "#/components/schemas/{model}"


def build_asyncapi(
    routers: Sequence[WSRouter],
    *,
    title: str,
    version: str,
    description: str | None,
    channel: str,
    address: str,
) -> dict[str, Any]:
    """Return the AsyncAPI 3.0.0 document of `routers`: one channel, an operation per message direction."""
    messages: dict[str, MessageSpec] = {}
    operations: dict[str, dict[str, Any]] = {}
    channel_ref = {"$ref": f"#/channels/{channel}"}

    def message_ref(spec: MessageSpec) -> dict[str, str]:
        return {"$ref": f"#/channels/{channel}/messages/{spec.type}"}

    for router in routers:
        tags = [{"name": tag} for tag in router.tags]
        for op in router.operations:
            messages[op.type] = op.message
            entry = _operation("receive", channel_ref, [message_ref(op.message)], op.summary or op.message.title, tags)
            if op.description:
                entry["description"] = op.description
            if op.reply is not None:
                messages[op.reply.type] = op.reply
                entry["reply"] = {"channel": dict(channel_ref), "messages": [message_ref(op.reply)]}
            operations[op.type] = entry
        for msg in router.server_messages:
            messages[msg.type] = msg.message
            entry = _operation("send", channel_ref, [message_ref(msg.message)], msg.summary or msg.message.title, tags)
            if msg.description:
                entry["description"] = msg.description
            operations[msg.type] = entry

    payload_refs, schemas = _schemas([spec.model for spec in messages.values()])
    info: dict[str, Any] = {"title": title, "version": version}
    if description:
        info["description"] = description
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": info,
        "defaultContentType": CONTENT_TYPE,
        "channels": {
            channel: {
                "address": address,
                "messages": {t: {"$ref": f"#/components/messages/{t}"} for t in sorted(messages)},
            }
        },
        "operations": {key: operations[key] for key in sorted(operations)},
        "components": {
            "messages": {t: _message(messages[t], payload_refs) for t in sorted(messages)},
            "schemas": schemas,
        },
    }


def _operation(
    action: str, channel_ref: dict[str, str], refs: list[dict[str, str]], summary: str, tags: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "action": action,
        "channel": dict(channel_ref),
        "messages": refs,
        "summary": summary,
        "tags": [dict(tag) for tag in tags],
    }


def _message(spec: MessageSpec, payload_refs: dict[type[BaseModel], dict[str, str]]) -> dict[str, Any]:
    payload_schema = dict(payload_refs[spec.model]) if spec.model is not None else {"type": "null"}
    return {
        "name": spec.type,
        "title": spec.title,
        "contentType": CONTENT_TYPE,
        "tags": [{"name": tag} for tag in spec.tags],
        "payload": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "const": spec.type},
                "payload": payload_schema,
            },
            "required": ["type", "payload"],
        },
    }


def _schemas(
    models: Sequence[type[BaseModel] | None],
) -> tuple[dict[type[BaseModel], dict[str, str]], dict[str, Any]]:
    unique = {id(m): m for m in models if m is not None}
    ordered = sorted(unique.values(), key=lambda m: (m.__module__, m.__qualname__, m.__name__))
    if not ordered:
        return {}, {}
    refs, top = models_json_schema([(m, "validation") for m in ordered], ref_template=REF_TEMPLATE)
    defs = top.get("$defs", {})
    return {m: refs[(m, "validation")] for m in ordered}, {name: defs[name] for name in sorted(defs)}
