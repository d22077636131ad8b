"""Heartbeat timeout and slow-client closes (TRADING_API.md 5.1, 5.6), on servers with tight limits."""

from __future__ import annotations

import contextlib
import socket
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import ConnectionClosed

pytestmark = pytest.mark.integration


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
        symbols = [f"{'X' * 2000}{i}" for i in range(50)]
        slow_request = {"symbols": symbols, "fast_symbols": []}
        slow.send("quotes.subscribe", slow_request)
        bars = {"symbol": "AAPL", "resolution": "1D"}
        assert fast.request("bars.subscribe", bars)["status"] == "ok"
        # ~100 kB of quotes per 10 ms interval back up a reader that reads nothing. Both clients
        # keep sending (re-subscribing is a keep-alive) so no heartbeat expires meanwhile.
        for _ in range(50):
            with contextlib.suppress(ConnectionClosed):
                slow.send("quotes.subscribe", slow_request)
            assert fast.request("bars.subscribe", bars)["status"] == "ok"
            fast.wait_for("bars.update")
        assert slow.wait_closed() == (1013, "Client too slow: outgoing queue full")
        assert fast.request("bars.subscribe", bars)["status"] == "ok"
        assert fast.wait_for("bars.update")["payload"]["topic"] == 'bars:{"resolution":"1D","symbol":"AAPL"}'
    finally:
        slow.close()
        fast.close()
