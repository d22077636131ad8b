"""Load for the latency scenario, run as its own process so it never competes with the prober for a GIL.

Usage: python load_client.py <http base> <ws url> <seconds>. It keeps a WebSocket subscriber of
300 quote symbols (above the 256-message queue: each interval is one burst) reading as fast as it can while a second thread posts the largest valid
quotes request (500 symbols of 64 characters) back to back, plus one 2.5 MB request that must be
refused. It prints `ready` once both run, then one JSON line of counts at the end.
"""

from __future__ import annotations

import json
import sys
import threading
import time

import httpx
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect


def main() -> None:
    http_base, ws_url, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    stats: dict[str, object] = {"ws_updates": 0, "ws_close": None, "posts": [], "huge_status": None}
    started = threading.Event()
    stop = threading.Event()

    def subscriber() -> None:
        symbols = ["AAPL", "MSFT", "GOOGL", *(f"S{i:063d}" for i in range(147))]
        request = {"symbols": symbols, "fast_symbols": [f"F{i:063d}" for i in range(150)]}
        with connect(ws_url, open_timeout=10, max_queue=None, compression=None, proxy=None) as ws:
            ws.send(json.dumps({"type": "quotes.subscribe", "payload": request}))
            last_ping = time.monotonic()
            try:
                while not stop.is_set():
                    message = json.loads(ws.recv(timeout=5))
                    if message["type"] == "quotes.update":
                        stats["ws_updates"] = int(stats["ws_updates"]) + 1  # type: ignore[call-overload]
                        started.set()
                    if time.monotonic() - last_ping > 1.0:  # re-subscribing is the keep-alive
                        ws.send(json.dumps({"type": "quotes.subscribe", "payload": request}))
                        last_ping = time.monotonic()
            except ConnectionClosed as closed:
                stats["ws_close"] = [closed.rcvd.code, closed.rcvd.reason] if closed.rcvd else [None, None]

    def poster() -> None:
        symbols = [f"{i:064d}" for i in range(500)]
        with httpx.Client(base_url=http_base, timeout=30.0, trust_env=False) as http:
            huge = json.dumps({"symbols": ["A"] * 500_000})
            stats["huge_status"] = http.post(
                "/api/v1/datafeed/quotes", content=huge, headers={"content-type": "application/json"}
            ).status_code
            started.wait(10)
            while not stop.is_set():
                response = http.post("/api/v1/datafeed/quotes", json={"symbols": symbols})
                stats["posts"].append([response.status_code, len(response.json())])  # type: ignore[union-attr]

    threads = [threading.Thread(target=subscriber), threading.Thread(target=poster)]
    for thread in threads:
        thread.start()
    if not started.wait(20):
        stop.set()
    print("ready", flush=True)
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(30)
    posts = stats["posts"]
    print(json.dumps({**stats, "posts": len(posts), "post_results": sorted({tuple(p) for p in posts})}), flush=True)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
