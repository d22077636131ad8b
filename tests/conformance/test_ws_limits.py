"""Heartbeat, slow clients, bursts and input limits over the WebSocket (TRADING_API.md 3.1, 5.1, 5.6, 5.7)."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import ConnectionClosed

pytestmark = pytest.mark.integration

BARS = {"symbol": "AAPL", "resolution": "1D"}


def test_heartbeat_timeout_closes_with_1003(tight_server, ws_client_class):
    client = ws_client_class(tight_server.ws_url)
    try:
        assert client.request("broker-connection.subscribe", {"accountId": "DEMO-ACCOUNT"})["status"] == "ok"
        assert client.wait_closed() == (
            1003,
            "Connection timed out. Heartbeat interval 0.5. Max connection lifespan 3600.0",
        )
    finally:
        client.close()


def test_slow_client_is_closed_with_1013_and_others_keep_receiving(tight_server, ws_client_class):
    url = urlsplit(tight_server.ws_url)
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect((url.hostname, url.port))
    # A client that stops reading: tiny kernel buffer, and the library stops after one frame.
    slow = ws_client_class(tight_server.ws_url, sock=raw, max_queue=1)
    fast = ws_client_class(tight_server.ws_url)
    try:
        symbols = [f"{'X' * 60}{i:04d}" for i in range(200)]
        slow_request = {"symbols": symbols, "fast_symbols": []}
        slow.send("quotes.subscribe", slow_request)
        assert fast.request("bars.subscribe", BARS)["status"] == "ok"
        # ~50 kB of quotes per 10 ms interval back up a reader that reads nothing; its backlog
        # stays above 4 messages past the 0.3 s grace. Both clients keep sending (re-subscribing
        # is a keep-alive) so no heartbeat expires meanwhile.
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            with contextlib.suppress(ConnectionClosed):
                slow.send("quotes.subscribe", slow_request)
            assert fast.request("bars.subscribe", BARS)["status"] == "ok"
            fast.wait_for("bars.update")
        assert slow.wait_closed() == (1013, "Client too slow: outgoing queue full")
        assert fast.request("bars.subscribe", BARS)["status"] == "ok"
        assert fast.wait_for("bars.update")["payload"]["topic"] == 'bars:{"resolution":"1D","symbol":"AAPL"}'
    finally:
        slow.close()
        fast.close()


def test_burst_of_a_500_symbol_subscription_does_not_close_a_reading_client(paced_server, ws_client_class):
    client = ws_client_class(paced_server.ws_url)
    try:
        symbols = ["AAPL", "MSFT", *(f"S{i:03d}" for i in range(498))]
        fast_symbols = [f"F{i:03d}" for i in range(500)]
        reply = client.request("quotes.subscribe", {"symbols": symbols, "fast_symbols": fast_symbols})
        assert reply["status"] == "ok"
        # 1,000 updates per interval, far above the 256-message queue: three intervals' worth.
        seen = [client.wait_for("quotes.update")["payload"]["payload"]["n"] for _ in range(3000)]
        assert seen[:1000] == [*symbols, *fast_symbols]
        assert client.request("bars.subscribe", BARS)["status"] == "ok"
    finally:
        client.close()


def test_pipelined_requests_do_not_close_a_reading_client(paced_server, ws_client_class):
    client = ws_client_class(paced_server.ws_url)
    try:
        for _ in range(600):  # every request sent before any reply is read
            client.send("bars.unsubscribe", BARS)
        replies = [client.wait_for("bars.unsubscribe.response")["payload"]["message"] for _ in range(600)]
        assert replies == ["Not subscribed"] * 600
        assert client.request("bars.subscribe", BARS)["status"] == "ok"
    finally:
        client.close()


@pytest.mark.parametrize(
    "payload",
    [
        {"symbols": [f"S{i}" for i in range(501)], "fast_symbols": []},
        {"symbols": [], "fast_symbols": [f"S{i}" for i in range(501)]},
        {"symbols": ["X" * 65], "fast_symbols": []},
    ],
    ids=["501-symbols", "501-fast-symbols", "65-char-symbol"],
)
def test_quotes_subscribe_beyond_the_limits_closes_1003(server, ws, payload):
    client = ws()
    client.send("quotes.subscribe", payload)
    assert client.wait_closed() == (1003, "Could not validate payload")


def test_quotes_subscribe_at_the_limits_is_accepted(server, ws):
    client = ws()
    payload = {"symbols": [f"{i:064d}" for i in range(500)], "fast_symbols": [f"F{i}" for i in range(500)]}
    assert client.request("quotes.subscribe", payload)["status"] == "ok"


@pytest.mark.parametrize(
    "frame",
    [
        '{"type": "bars.subscribe", "payload": {"symbol": "AAPL", "resolution": "1D", "x": NaN}}',
        '{"type": "quotes.subscribe", "payload": {"symbols": ["AAPL"], "fast_symbols": [], "n": Infinity}}',
        '{"type": "orders.subscribe", "payload": {"accountId": "DEMO-ACCOUNT"}, "n": -Infinity}',
    ],
    ids=["nan", "infinity", "minus-infinity"],
)
def test_non_finite_numbers_close_1003(server, ws, frame):
    client = ws()
    client.send_raw(frame)
    assert client.wait_closed() == (1003, "Could not validate payload")
    assert json.loads(frame.replace("NaN", "0").replace("-Infinity", "0").replace("Infinity", "0"))
