"""The AsyncAPI 3.0.0 document: valid against the official schema, complete, deterministic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel

from typed_ws import WSApp, WSRouter

SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "asyncapi-3.0.0.json"


def validation_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(document)]


def resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def all_refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in all_refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in all_refs(v)]
    return []


def test_document_validates_against_the_asyncapi_3_schema(make_app: Any) -> None:
    assert validation_errors(make_app().ws.asyncapi()) == []


def test_the_validator_rejects_a_broken_document(make_app: Any) -> None:
    document = make_app().ws.asyncapi()
    document["operations"]["echo.ping"]["action"] = "publish"  # AsyncAPI 2 wording
    assert validation_errors(document) != []


def test_every_ref_resolves(make_app: Any) -> None:
    document = make_app().ws.asyncapi()
    refs = all_refs(document)
    assert len(refs) > 20
    for ref in refs:
        resolve(document, ref)


def test_channel_operations_and_messages(make_app: Any) -> None:
    document = make_app().ws.asyncapi()
    assert document["asyncapi"] == "3.0.0"
    assert document["info"] == {"title": "Test WS", "version": "0.1.0", "description": "A test app."}
    assert document["defaultContentType"] == "application/json"
    types = [
        "echo.fail", "echo.fail.response", "echo.ping", "echo.pong", "ticks.subscribe",
        "ticks.subscribe.response", "ticks.unsubscribe", "ticks.unsubscribe.response", "ticks.update",
    ]  # fmt: skip
    assert document["channels"] == {
        "ws": {"address": "/ws", "messages": {t: {"$ref": f"#/components/messages/{t}"} for t in types}}
    }
    assert list(document["operations"]) == ["echo.fail", "echo.ping", "ticks.subscribe", "ticks.unsubscribe", "ticks.update"]
    assert document["operations"]["ticks.subscribe"] == {
        "action": "receive",
        "channel": {"$ref": "#/channels/ws"},
        "messages": [{"$ref": "#/channels/ws/messages/ticks.subscribe"}],
        "summary": "Subscribe",
        "tags": [{"name": "stream"}],
        "reply": {
            "channel": {"$ref": "#/channels/ws"},
            "messages": [{"$ref": "#/channels/ws/messages/ticks.subscribe.response"}],
        },
    }
    assert document["operations"]["ticks.update"] == {
        "action": "send",
        "channel": {"$ref": "#/channels/ws"},
        "messages": [{"$ref": "#/channels/ws/messages/ticks.update"}],
        "summary": "Ticks of a topic",
        "tags": [{"name": "stream"}],
    }
    assert list(document["components"]["messages"]) == types
    assert document["components"]["messages"]["ticks.update"] == {
        "name": "ticks.update",
        "title": "Ticks update",
        "contentType": "application/json",
        "tags": [{"name": "stream"}],
        "payload": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "const": "ticks.update"},
                "payload": {"$ref": "#/components/schemas/Update_Tick_"},
            },
            "required": ["type", "payload"],
        },
    }


def test_schemas_come_from_pydantic_in_validation_mode(make_app: Any) -> None:
    schemas = make_app().ws.asyncapi()["components"]["schemas"]
    assert list(schemas) == ["Ack", "Ping", "Pong", "Tick", "TopicRequest", "Update_Tick_"]
    assert schemas["Update_Tick_"]["properties"]["payload"] == {"$ref": "#/components/schemas/Tick"}
    # validation mode: a field with a default is not required
    assert schemas["Pong"]["required"] == ["n"]
    assert schemas["TopicRequest"]["properties"]["name"]["minLength"] == 1


def test_document_is_identical_on_every_call_and_across_apps(make_app: Any) -> None:
    first = make_app()
    text = json.dumps(first.ws.asyncapi())
    first.ws.asyncapi()["info"]["title"] = "mutated copy"
    assert json.dumps(first.ws.asyncapi()) == text
    assert json.dumps(make_app().ws.asyncapi()) == text


def test_document_is_identical_across_processes(make_app: Any) -> None:
    code = (
        "import importlib.util, json, sys\n"
        "spec = importlib.util.spec_from_file_location('c', sys.argv[1])\n"
        "m = importlib.util.module_from_spec(spec); sys.modules['c'] = m; spec.loader.exec_module(m)\n"
        "print(json.dumps(m.build().ws.asyncapi()))\n"
    )
    conftest = str(Path(__file__).with_name("conftest.py"))
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, conftest], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }  # fmt: skip
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == make_app().ws.asyncapi()


class Item(BaseModel):
    x: int


def test_channel_key_address_and_payloadless_messages() -> None:
    router = WSRouter(prefix="a", tags=["t1", "t2"])

    @router.operation("go", payload=None, reply=("done", Item), summary="Go", description="Starts it.")
    async def go(payload: None, client: Any) -> Item:
        return Item(x=1)

    router.server_message("beat", payload=None)
    app = WSApp("T", "1", channel="live", address="/live")
    app.include_router(router)
    document = app.asyncapi()
    assert validation_errors(document) == []
    assert "description" not in document["info"]
    assert document["channels"]["live"]["address"] == "/live"
    assert document["operations"]["a.go"]["description"] == "Starts it."
    assert document["operations"]["a.go"]["tags"] == [{"name": "t1"}, {"name": "t2"}]
    assert document["operations"]["a.beat"]["summary"] == "A beat"
    assert document["components"]["messages"]["a.beat"]["payload"]["properties"]["payload"] == {"type": "null"}
    assert document["operations"]["a.go"]["channel"] == {"$ref": "#/channels/live"}


def test_mount_sets_the_address_once() -> None:
    from fastapi import FastAPI

    app = WSApp("T", "1")
    assert app.asyncapi()["channels"]["ws"]["address"] == "/"
    app.mount(FastAPI(), "/api/v1/ws")
    assert app.asyncapi()["channels"]["ws"]["address"] == "/api/v1/ws"
    assert validation_errors(app.asyncapi()) == []


@pytest.mark.parametrize("path", ["ws", "/ws/", ""])
def test_mount_rejects_bad_paths(path: str) -> None:
    from fastapi import FastAPI

    with pytest.raises(ValueError, match=f"Mount path must start with '/'.*got {path!r}"):
        WSApp("T", "1").mount(FastAPI(), path)
