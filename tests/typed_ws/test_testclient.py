"""Every connection rule over Starlette's TestClient (in-process ASGI)."""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel
from starlette.testclient import TestClient, WebSocketTestSession

from typed_ws import (
    REASON_DECODE_ERROR,
    REASON_INTERNAL_ERROR,
    REASON_INVALID_PAYLOAD,
    REASON_NO_MATCHING_TYPE,
    REASON_SHUTDOWN,
    REASON_TOO_SLOW,
    timeout_reason,
)

WITHIN = 1.0


def within(fn: Callable[[], Any], timeout: float = WITHIN) -> Any:
    """Run a blocking TestClient call, failing the test when it does not return in time."""
    box: queue.Queue[tuple[bool, Any]] = queue.Queue()

    def run() -> None:
        try:
            box.put((True, fn()))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            box.put((False, exc))

    threading.Thread(target=run, daemon=True).start()
    try:
        ok, value = box.get(timeout=timeout)
    except queue.Empty:
        pytest.fail(f"no answer from the server within {timeout} s")
    if not ok:
        raise value
    return value


def send(ws: WebSocketTestSession, message_type: Any, payload: Any = None) -> None:
    ws.send_text(json.dumps({"type": message_type, "payload": payload}))


def recv(ws: WebSocketTestSession, timeout: float = WITHIN) -> dict[str, Any]:
    message = within(ws.receive, timeout)
    assert message["type"] == "websocket.send", f"expected a data frame, got {message}"
    return json.loads(message["text"])


def closed_with(ws: WebSocketTestSession, timeout: float = WITHIN) -> tuple[int, str]:
    message = within(ws.receive, timeout)
    assert message["type"] == "websocket.close", f"expected a close, got {message}"
    return message["code"], message["reason"]


def test_reply_round_trip_with_nulls_serialised(make_app: Any) -> None:
    h = make_app()
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        send(ws, "echo.ping", {"n": 7})
        assert recv(ws) == {"type": "echo.pong", "payload": {"n": 7, "note": None}}


def test_binary_frame_with_json_is_accepted(make_app: Any) -> None:
    h = make_app()
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        ws.send_bytes(json.dumps({"type": "echo.ping", "payload": {"n": 1}}).encode())
        assert recv(ws)["payload"]["n"] == 1


def test_works_without_lifespan(make_app: Any) -> None:
    h = make_app()
    c = TestClient(h.api)  # no `with`: start() never ran
    with c.websocket_connect("/ws") as ws:
        send(ws, "echo.ping", {"n": 2})
        assert recv(ws)["payload"]["n"] == 2


def test_same_app_serves_two_event_loops_in_turn(make_app: Any) -> None:
    h = make_app()
    for n in (1, 2):
        with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
            send(ws, "ticks.subscribe", {"name": "a"})
            assert recv(ws)["payload"]["status"] == "ok"
            send(ws, "echo.ping", {"n": n})
            assert recv(ws)["payload"]["n"] == n
    assert h.firsts == ["ticks:a", "ticks:a"] and h.lasts == ["ticks:a", "ticks:a"]


BAD_INPUT = [
    pytest.param("not json", (1003, REASON_INVALID_PAYLOAD), id="not-json"),
    pytest.param("[1, 2]", (1003, REASON_INVALID_PAYLOAD), id="array"),
    pytest.param('"text"', (1003, REASON_INVALID_PAYLOAD), id="string"),
    pytest.param('{"type": "echo.ping"}', (1003, REASON_INVALID_PAYLOAD), id="payload-absent"),
    pytest.param('{"type": "echo.ping", "payload": null}', (1003, REASON_INVALID_PAYLOAD), id="payload-null"),
    pytest.param('{"type": "echo.ping", "payload": {"n": "x"}}', (1003, REASON_INVALID_PAYLOAD), id="payload-invalid"),
    pytest.param('{"type": "echo.ping", "payload": [1]}', (1003, REASON_INVALID_PAYLOAD), id="payload-list"),
    pytest.param('{"type": "nope", "payload": {}}', (1003, REASON_NO_MATCHING_TYPE), id="unknown-type"),
    pytest.param('{"type": "ticks.update", "payload": {}}', (1003, REASON_NO_MATCHING_TYPE), id="server-type"),
    pytest.param('{"type": "echo.pong", "payload": {"n": 1}}', (1003, REASON_NO_MATCHING_TYPE), id="reply-type"),
    pytest.param(
        '{"type": "ticks.subscribe.response", "payload": {}}', (1003, REASON_NO_MATCHING_TYPE), id="response-type"
    ),
    pytest.param('{"payload": {"n": 1}}', (1003, REASON_NO_MATCHING_TYPE), id="type-absent"),
    pytest.param('{"type": 5, "payload": {"n": 1}}', (1003, REASON_NO_MATCHING_TYPE), id="type-not-string"),
    pytest.param('{"type": "echo.fail", "payload": {"n": 1}}', (1003, REASON_DECODE_ERROR), id="handler-valueerror"),
    pytest.param('{"type": "echo.fail", "payload": {"n": 2}}', (1011, REASON_INTERNAL_ERROR), id="handler-crash"),
    pytest.param('{"type": "echo.fail", "payload": {"n": 3}}', (1011, REASON_INTERNAL_ERROR), id="wrong-reply-type"),
]


@pytest.mark.parametrize(("frame", "expected"), BAD_INPUT)
def test_bad_input_closes_with_code_and_reason(make_app: Any, frame: str, expected: tuple[int, str]) -> None:
    h = make_app()
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        send(ws, "ticks.subscribe", {"name": "a"})
        assert recv(ws)["type"] == "ticks.subscribe.response"
        ws.send_text(frame)
        assert closed_with(ws) == expected
    assert h.lasts == ["ticks:a"] and h.ws.subscribers("ticks:a") == 0 and h.ws.clients == []


def test_unexpected_handler_error_is_logged(make_app: Any, caplog: pytest.LogCaptureFixture) -> None:
    h = make_app()
    with caplog.at_level(logging.ERROR, logger="typed_ws"), TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        send(ws, "echo.fail", {"n": 2})
        assert closed_with(ws) == (1011, REASON_INTERNAL_ERROR)
    assert any("boom" in (r.exc_text or "") or "boom" in str(r.exc_info) for r in caplog.records)


def test_handler_returning_none_sends_no_reply(make_app: Any) -> None:
    h = make_app()
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        send(ws, "echo.fail", {"n": 0})
        send(ws, "echo.ping", {"n": 9})
        assert recv(ws) == {"type": "echo.pong", "payload": {"n": 9, "note": None}}


def test_heartbeat_timeout_reason_prints_floats(make_app: Any) -> None:
    h = make_app(heartbeat_interval=0.2)
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        assert closed_with(ws) == (1003, "Connection timed out. Heartbeat interval 0.2. Max connection lifespan 3600.0")


def test_lifespan_timeout_closes_an_active_client(make_app: Any) -> None:
    h = make_app(heartbeat_interval=30, max_connection_lifespan=0.3)
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        give_up = time.monotonic() + 0.3 + WITHIN
        while time.monotonic() < give_up:  # keep talking: only the lifespan can end this connection
            send(ws, "echo.ping", {"n": 1})
            message = within(ws.receive)
            if message["type"] == "websocket.close":
                break
        assert (message["code"], message["reason"]) == (1003, timeout_reason(30, 0.3))
        assert message["reason"].endswith("Heartbeat interval 30.0. Max connection lifespan 0.3")


def test_received_messages_reset_the_heartbeat_but_sent_ones_do_not(make_app: Any) -> None:
    h = make_app(heartbeat_interval=0.5, stream_interval=0.01)
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        send(ws, "ticks.subscribe", {"name": "a"})
        assert recv(ws)["type"] == "ticks.subscribe.response"
        # Reading updates for well over a heartbeat without sending anything: the server closes.
        updates, give_up = 0, time.monotonic() + 0.5 + WITHIN
        while time.monotonic() < give_up:
            message = within(ws.receive)
            if message["type"] == "websocket.close":
                break
            updates += 1
        assert (message["code"], message["reason"]) == (1003, timeout_reason(0.5, 3600))
        assert updates > 5
    h2 = make_app(heartbeat_interval=1.0)
    with TestClient(h2.api) as c, c.websocket_connect("/ws") as ws:
        pause = threading.Event()
        for n in range(5):  # 5 x 0.3 s > heartbeat: alive only because each ping resets it
            pause.wait(0.3)
            send(ws, "echo.ping", {"n": n})
            assert recv(ws)["payload"]["n"] == n


def test_broadcast_reaches_only_holders(make_app: Any) -> None:
    h = make_app()
    with TestClient(h.api) as c, c.websocket_connect("/ws") as a, c.websocket_connect("/ws") as b:
        send(a, "ticks.subscribe", {"name": "one"})
        recv(a)
        send(b, "ticks.subscribe", {"name": "two"})
        recv(b)
        update = h.ws.server_messages["ticks.update"].message.model
        assert c.portal.call(h.ws.publish, "ticks:one", "ticks.update", update(topic="ticks:one", payload={"seq": 1}))
        assert c.portal.call(h.ws.publish, "ticks:two", "ticks.update", update(topic="ticks:two", payload={"seq": 2}))
        assert recv(a)["payload"] == {"topic": "ticks:one", "payload": {"seq": 1, "data": ""}}
        assert recv(b)["payload"] == {"topic": "ticks:two", "payload": {"seq": 2, "data": ""}}
        # Both still answer in order: nothing else was queued for them.
        send(a, "echo.ping", {"n": 1})
        assert recv(a)["type"] == "echo.pong"
        send(b, "echo.ping", {"n": 2})
        assert recv(b)["type"] == "echo.pong"


def test_reply_precedes_updates_even_when_first_holder_triggers_a_publish(make_app: Any) -> None:
    h = make_app()
    update = h.ws.server_messages["ticks.update"].message.model

    def publish_at_once(topic: str) -> None:
        h.ws.publish(topic, "ticks.update", update(topic=topic, payload={"seq": 0}))

    h.ws.add_topic_listener(on_first=publish_at_once)
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        send(ws, "ticks.subscribe", {"name": "a"})
        assert recv(ws)["type"] == "ticks.subscribe.response"
        assert recv(ws)["type"] == "ticks.update"


def test_reply_precedes_updates_of_an_already_streaming_topic(make_app: Any) -> None:
    h = make_app(stream_interval=0)  # the producer publishes on every loop iteration
    with TestClient(h.api) as c, c.websocket_connect("/ws") as a, c.websocket_connect("/ws") as b:
        send(a, "ticks.subscribe", {"name": "s"})
        assert recv(a)["type"] == "ticks.subscribe.response"
        assert recv(a)["type"] == "ticks.update"
        send(b, "ticks.subscribe", {"name": "s"})
        assert recv(b)["type"] == "ticks.subscribe.response"
        assert recv(b)["type"] == "ticks.update"
        c.portal.call(h.producers["ticks:s"].cancel)


def test_subscribe_is_idempotent_and_unsubscribe_releases(make_app: Any) -> None:
    h = make_app()
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        for _ in range(2):
            send(ws, "ticks.subscribe", {"name": "a"})
            assert recv(ws)["payload"] == {"status": "ok", "topic": "ticks:a", "message": "Subscribed"}
        assert h.ws.subscribers("ticks:a") == 1 and h.firsts == ["ticks:a"]
        send(ws, "ticks.unsubscribe", {"name": "a"})
        assert recv(ws)["payload"] == {"status": "ok", "topic": "ticks:a", "message": "Unsubscribed"}
        assert h.ws.subscribers("ticks:a") == 0 and h.lasts == ["ticks:a"]
        send(ws, "ticks.unsubscribe", {"name": "a"})
        assert recv(ws)["payload"] == {"status": "error", "topic": "ticks:a", "message": "Not subscribed"}
        send(ws, "echo.ping", {"n": 3})
        assert recv(ws)["type"] == "echo.pong"


def test_reference_count_spans_clients_and_disconnect_releases_everything(make_app: Any) -> None:
    h = make_app()
    with TestClient(h.api) as c:
        with c.websocket_connect("/ws") as a:
            send(a, "ticks.subscribe", {"name": "x"})
            recv(a)
            with c.websocket_connect("/ws") as b:
                for name in ("x", "y"):
                    send(b, "ticks.subscribe", {"name": name})
                    recv(b)
                assert (h.ws.subscribers("ticks:x"), h.ws.subscribers("ticks:y")) == (2, 1)
            c.portal.call(lambda: None)  # let the server finish the disconnect
            assert h.lasts == ["ticks:y"] and h.ws.subscribers("ticks:x") == 1
            send(a, "echo.ping", {"n": 1})
            recv(a)
        send_done = c.portal.call(lambda: None)
        assert send_done is None
    assert h.firsts == ["ticks:x", "ticks:y"] and sorted(h.lasts) == ["ticks:x", "ticks:y"]
    assert h.ws.topics() == [] and h.ws.clients == []


def _burst(h: Any, topic: str, count: int) -> list[int]:
    """Publish `count` updates in one synchronous run: the writer cannot send in between."""
    update = h.ws.server_messages["ticks.update"].message.model
    return [h.ws.publish(topic, "ticks.update", update(topic=topic, payload={"seq": i})) for i in range(count)]


def test_burst_far_above_queue_size_reaches_a_reading_client(make_app: Any) -> None:
    h = make_app(queue_size=2)
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        send(ws, "ticks.subscribe", {"name": "hot"})
        recv(ws)
        assert c.portal.call(_burst, h, "ticks:hot", 300) == [1] * 300
        assert [recv(ws)["payload"]["payload"]["seq"] for _ in range(300)] == list(range(300))
        send(ws, "echo.ping", {"n": 3})
        assert recv(ws)["type"] == "echo.pong"
        assert h.ws.subscribers("ticks:hot") == 1


def test_backlog_over_the_byte_bound_closes_1013_and_releases_without_affecting_others(make_app: Any) -> None:
    # Each update is 85 bytes: the third one crosses the 250-byte bound at once.
    h = make_app(queue_size=2, max_backlog_bytes=250)
    with TestClient(h.api) as c, c.websocket_connect("/ws") as slow, c.websocket_connect("/ws") as other:
        send(slow, "ticks.subscribe", {"name": "hot"})
        recv(slow)
        send(other, "ticks.subscribe", {"name": "calm"})
        recv(other)
        assert c.portal.call(_burst, h, "ticks:hot", 4) == [1, 1, 0, 0]
        assert closed_with(slow) == (1013, REASON_TOO_SLOW)
        assert h.lasts == ["ticks:hot"] and h.ws.subscribers("ticks:hot") == 0
        assert c.portal.call(_burst, h, "ticks:calm", 2) == [1, 1]
        assert [recv(other)["payload"]["payload"]["seq"] for _ in range(2)] == [0, 1]


def test_publish_to_unheld_topic_costs_nothing(make_app: Any) -> None:
    h = make_app()
    calls: list[str] = []

    class Loud(BaseModel):
        def model_dump_json(self, **kwargs: Any) -> str:
            calls.append("dumped")
            return super().model_dump_json(**kwargs)

    assert h.ws.publish("ticks:nobody", "ticks.update", Loud()) == 0
    assert calls == []


def test_publish_rejects_undeclared_message_type(make_app: Any) -> None:
    h = make_app()
    with pytest.raises(ValueError, match="Unknown server message type 'ticks.nope'.*ticks.update"):
        h.ws.publish("ticks:a", "ticks.nope", None)
    with pytest.raises(ValueError, match="Unknown server message type 'echo.ping'"):
        h.ws.publish("ticks:a", "echo.ping", None)  # client-sent types are not sendable


def test_send_to_one_client(make_app: Any) -> None:
    h = make_app()
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        send(ws, "echo.ping", {"n": 1})
        recv(ws)
        client = h.ws.clients[0]
        update = h.ws.server_messages["ticks.update"].message.model
        assert c.portal.call(client.send, "ticks.update", update(topic="direct", payload={"seq": 5}))
        assert recv(ws) == {"type": "ticks.update", "payload": {"topic": "direct", "payload": {"seq": 5, "data": ""}}}


def test_stop_closes_clients_and_cancels_writers(make_app: Any) -> None:
    h = make_app()
    with TestClient(h.api) as c, c.websocket_connect("/ws") as ws:
        send(ws, "ticks.subscribe", {"name": "a"})
        recv(ws)
        client = h.ws.clients[0]
        c.portal.call(h.ws.stop)
        assert closed_with(ws) == (1001, REASON_SHUTDOWN)
        assert client._writer is not None and client._writer.done()
        assert h.lasts == ["ticks:a"]


def test_asyncapi_routes_are_served_and_hidden_from_openapi(make_app: Any) -> None:
    h = make_app()
    c = TestClient(h.api)
    response = c.get("/ws/asyncapi.json")
    assert response.status_code == 200 and response.json() == h.ws.asyncapi()
    assert response.json()["channels"]["ws"]["address"] == "/ws"
    page = c.get("/ws/asyncapi")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script src" not in page.text and "https://" not in page.text and "http://" not in page.text
    assert '"ticks.update"' in page.text
    assert all(not p.startswith("/ws") for p in c.get("/openapi.json").json()["paths"])
