"""AsyncAPI 3.0 document pairs, one per rule: (name, old, new, expected findings).

The base document has the shape typed_ws generates: one channel `ws`, messages keyed by
type, `<route>.subscribe` (receive, with a reply) and `<route>.update` (send) operations.
"""

from __future__ import annotations

from collections.abc import Callable


def _msg(name: str, payload: str) -> dict:
    return {
        "name": name, "title": name, "contentType": "application/json",
        "payload": {"type": "object", "required": ["type", "payload"], "properties": {
            "type": {"const": name},
            "payload": {"$ref": f"#/components/schemas/{payload}"}}},
    }


def _chan_ref(key: str) -> dict:
    return {"$ref": f"#/channels/ws/messages/{key}"}


def base() -> dict:
    """A bars route: subscribe (client -> server, replied) and update (server -> client)."""
    messages = {
        "bars.subscribe": _msg("bars.subscribe", "BarsSubscriptionRequest"),
        "bars.subscribe.response": _msg("bars.subscribe.response", "SubscriptionResponse"),
        "bars.update": _msg("bars.update", "SubscriptionUpdate_Bar_"),
    }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "WS", "version": "1.0.0", "description": "Streams"},
        "defaultContentType": "application/json",
        "channels": {"ws": {"address": "/api/v1/ws", "messages": {
            key: {"$ref": f"#/components/messages/{key}"} for key in messages}}},
        "operations": {
            "bars.subscribe": {
                "action": "receive", "channel": {"$ref": "#/channels/ws"},
                "messages": [_chan_ref("bars.subscribe")], "summary": "Subscribe to bars",
                "reply": {"channel": {"$ref": "#/channels/ws"},
                          "messages": [_chan_ref("bars.subscribe.response")]},
            },
            "bars.update": {
                "action": "send", "channel": {"$ref": "#/channels/ws"},
                "messages": [_chan_ref("bars.update")], "summary": "Bar updates",
            },
        },
        "components": {
            "messages": messages,
            "schemas": {
                "BarsSubscriptionRequest": {"type": "object", "required": ["symbol", "resolution"],
                    "properties": {"symbol": {"type": "string"},
                                   "resolution": {"type": "string", "enum": ["1", "5", "1D"]}}},
                "SubscriptionResponse": {"type": "object", "required": ["status", "topic"],
                    "properties": {"status": {"type": "string", "enum": ["ok", "error"]},
                                   "topic": {"type": "string"}}},
                "Bar": {"type": "object", "required": ["time", "close"],
                    "properties": {"time": {"type": "integer"}, "close": {"type": "number"},
                                   "volume": {"type": "number"}}},
                "SubscriptionUpdate_Bar_": {"type": "object", "required": ["topic", "data"],
                    "properties": {"topic": {"type": "string"},
                                   "data": {"$ref": "#/components/schemas/Bar"}}},
            },
        },
    }


def _edit(fn: Callable[[dict], None]) -> dict:
    doc = base()
    fn(doc)
    return doc


def _schemas(doc: dict) -> dict:
    return doc["components"]["schemas"]


def _ops(doc: dict) -> dict:
    return doc["operations"]


def _channel_renamed(doc: dict) -> None:
    doc["channels"]["stream"] = doc["channels"].pop("ws")
    for op in _ops(doc).values():
        op["channel"] = {"$ref": "#/channels/stream"}
        op["messages"] = [{"$ref": m["$ref"].replace("/ws/", "/stream/")} for m in op["messages"]]
        if "reply" in op:
            op["reply"] = {"channel": {"$ref": "#/channels/stream"}, "messages": [
                {"$ref": m["$ref"].replace("/ws/", "/stream/")} for m in op["reply"]["messages"]]}


def _message_removed(doc: dict) -> None:
    del doc["channels"]["ws"]["messages"]["bars.update"]
    del doc["components"]["messages"]["bars.update"]
    del _ops(doc)["bars.update"]


def _message_added(doc: dict) -> None:
    doc["components"]["messages"]["bars.snapshot"] = _msg("bars.snapshot", "Bar")
    doc["channels"]["ws"]["messages"]["bars.snapshot"] = {
        "$ref": "#/components/messages/bars.snapshot"}


def _schema_renamed(doc: dict) -> None:
    schemas = _schemas(doc)
    schemas["app__models__Bar"] = schemas.pop("Bar")
    schemas["SubscriptionUpdate_Bar_"]["properties"]["data"] = {
        "$ref": "#/components/schemas/app__models__Bar"}


def _op_message_removed(doc: dict) -> None:
    _ops(doc)["bars.update"]["messages"] = []


R, Q = "request", "response"
B, P, N, U, I = "breaking", "potentially-breaking", "non-breaking", "unclassified", "info"
_REQ = ["components", "schemas", "BarsSubscriptionRequest"]
_BAR = ["components", "schemas", "Bar"]
_RESP = ["components", "schemas", "SubscriptionResponse"]


def _set(path: list, value) -> Callable[[dict], None]:
    def fn(doc: dict) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        if value is None:
            del node[path[-1]]
        else:
            node[path[-1]] = value
    return fn


CASES: list[tuple[str, object, Callable[[dict], None], set[tuple[str, str, str]]]] = [
    ("identical", None, lambda d: None, set()),
    ("description-is-info", None, _set(["info", "description"], "Live streams"),
     {("annotation-changed", I, "none")}),
    ("channel-removed", None, lambda d: d.update(channels={}),
     {("channel-removed", B, "none")}),
    ("channel-renamed", None, _channel_renamed, {("channel-renamed", B, "none")}),
    ("channel-added", None, lambda d: d["channels"].update(admin={"address": "/admin"}),
     {("channel-added", N, "none")}),
    ("channel-address-changed", None, _set(["channels", "ws", "address"], "/ws"),
     {("channel-address-changed", B, "none")}),
    ("message-removed", None, _message_removed,
     {("message-removed", B, "none"), ("operation-removed", B, "none"),
      ("component-removed", N, "none")}),
    ("message-added", None, _message_added,
     {("message-added", N, "none"), ("component-added", N, "none")}),
    ("operation-removed", None, lambda d: _ops(d).pop("bars.update"),
     {("operation-removed", B, "none")}),
    ("operation-renamed", None, lambda d: _ops(d).update({"bars.stream": _ops(d).pop("bars.update")}),
     {("operation-renamed", B, "none")}),
    ("operation-action-changed", None, _set(["operations", "bars.update", "action"], "receive"),
     {("operation-action-changed", B, "none")}),
    ("operation-message-removed", None, _op_message_removed,
     {("operation-message-removed", B, "none")}),
    ("operation-reply-removed", None, lambda d: _ops(d)["bars.subscribe"].pop("reply"),
     {("operation-reply-removed", B, "none")}),
    ("content-type-changed", None, _set(["components", "messages", "bars.update", "contentType"],
     "application/msgpack"), {("message-content-type-changed", B, "none")}),
    ("request-required-property-added", None, lambda d: (
        d["components"]["schemas"]["BarsSubscriptionRequest"]["properties"].update(
            countback={"type": "integer"}),
        d["components"]["schemas"]["BarsSubscriptionRequest"]["required"].append("countback")),
     {("request-required-property-added", B, R)}),
    ("request-optional-property-added", None, _set([*_REQ, "properties", "countback"],
     {"type": "integer"}), {("request-optional-property-added", N, R)}),
    ("request-enum-value-removed", None, _set([*_REQ, "properties", "resolution", "enum"],
     ["1", "1D"]), {("enum-value-removed", B, R)}),
    ("request-enum-value-added", None, _set([*_REQ, "properties", "resolution", "enum"],
     ["1", "5", "15", "1D"]), {("enum-value-added", N, R)}),
    ("reply-enum-value-added", None, _set([*_RESP, "properties", "status", "enum"],
     ["ok", "error", "pending"]), {("enum-value-added", B, Q)}),
    ("response-required-property-removed", None, lambda d: (
        _schemas(d)["Bar"]["properties"].pop("close"), _schemas(d)["Bar"]["required"].remove("close")),
     {("response-required-property-removed", B, Q)}),
    ("response-optional-property-removed", None, lambda d: _schemas(d)["Bar"]["properties"].pop(
        "volume"), {("response-optional-property-removed", P, Q)}),
    ("response-property-added", None, _set([*_BAR, "properties", "open"], {"type": "number"}),
     {("response-property-added", N, Q)}),
    ("response-type-changed", None, _set([*_BAR, "properties", "time"], {"type": "string"}),
     {("type-changed", B, Q)}),
    ("response-property-became-optional", None, _set([*_BAR, "required"], ["time"]),
     {("response-property-became-optional", B, Q)}),
    ("request-constraint-tightened", None, _set([*_REQ, "properties", "symbol", "maxLength"], 10),
     {("constraint-tightened", B, R)}),
    ("schema-component-renamed", None, _schema_renamed, {("component-renamed", N, "none")}),
    ("unclassified-binding", None, _set(["operations", "bars.update", "bindings"],
     {"ws": {"method": "GET"}}), {("unclassified-change", U, "none")}),
]


def pairs() -> list[tuple[str, dict, dict, set[tuple[str, str, str]]]]:
    """Return (name, old document, new document, expected) for every case."""
    result = []
    for name, old_edit, new_edit, expected in CASES:
        old = _edit(old_edit) if callable(old_edit) else base()
        result.append((name, old, _edit(new_edit), expected))
    return result
