"""Loopback load (issue 17): the largest valid requests and a fast subscriber never stall the health endpoint."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

LOAD_CLIENT = Path(__file__).with_name("load_client.py")
LOAD_SECONDS = 2.0
# The acceptance check: no health call may take longer than this while the load runs.
HEALTH_LIMIT_S = 0.100
# The machine is shared: another process can take the CPU from the server (or from this prober)
# for a moment. A round is a fresh load run with its own measurements; one clean round out of
# four passes. A server that blocks its loop (e.g. 20 s on one request) fails every round.
ROUNDS = 4


@dataclass
class Round:
    latencies: list[float]
    stats: dict
    stderr: str

    def summary(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies)
        return f"{len(ms)} calls, median {ms[len(ms) // 2]:.1f} ms, p99 {ms[int(len(ms) * 0.99)]:.1f} ms, max {ms[-1]:.1f} ms"


def run_round(server) -> Round:
    load = subprocess.Popen(
        [sys.executable, str(LOAD_CLIENT), server.http, server.ws_url, str(LOAD_SECONDS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    latencies: list[float] = []
    try:
        assert load.stdout is not None
        ready = load.stdout.readline().strip()
        assert ready == "ready", f"load client did not start: {ready!r}"
        with server.client() as http:
            http.get("/api/v1/health")  # open the connection before measuring
            while load.poll() is None:
                began = time.perf_counter()
                response = http.get("/api/v1/health")
                latencies.append(time.perf_counter() - began)
                assert response.status_code == 200
                time.sleep(0.005)
        out, err = load.communicate(timeout=60)
    finally:
        if load.poll() is None:
            load.kill()
            load.wait()
    return Round(latencies, json.loads(out.strip().splitlines()[-1]), err)


def test_health_stays_fast_under_a_huge_request_and_a_fast_subscriber(paced_server, record_property):
    rounds: list[Round] = []
    while len(rounds) < ROUNDS:
        current = run_round(paced_server)
        rounds.append(current)
        stats = current.stats
        # The load really ran: every post was answered in full and the 2.5 MB request was refused.
        assert stats["posts"] >= 5 and stats["post_results"] == [[200, 500]], stats
        assert stats["huge_status"] == 413, stats
        assert len(current.latencies) >= 50, current.summary()
        if clean(current):
            break
    report = "; ".join(f"round {i + 1}: {r.summary()}, subscriber {r.stats['ws_updates']} updates, closed {r.stats['ws_close']}" for i, r in enumerate(rounds))
    record_property("health_latency", report)
    print(f"{paced_server.app}: {report}")
    assert clean(rounds[-1]), f"no clean round (health under 100 ms, subscriber served, never closed): {report}"


def clean(current: Round) -> bool:
    """Health always under the limit while the subscriber kept receiving and was never closed.

    A subscriber starved of CPU by other jobs on the machine cannot read 1,500 updates a second,
    and its lasting backlog rightly gets it closed with 1013: that round does not count. Bursts
    that must never close a reading client are pinned, deterministically, in test_ws_limits.py.
    """
    stats = current.stats
    return max(current.latencies) < HEALTH_LIMIT_S and stats["ws_close"] is None and stats["ws_updates"] >= 1000
