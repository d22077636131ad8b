"""A real uvicorn process serving `trading_api.main:app` on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

SERVER_ENV = {
    "TRADING_API_SEED": "42",
    "TRADING_API_ANCHOR_DATE": "2025-01-15",
    "TRADING_API_FILL_DELAY": "0",
    "TRADING_API_TICK_INTERVAL": "0.01",
    "TRADING_API_STREAM_INTERVAL": "0.01",
    "TRADING_API_ACCOUNTS": "DEMO-ACCOUNT,OTHER-ACCOUNT",
}
# The parent binds the socket and hands it over, so no other process can take the port first.
LAUNCHER = (
    "import socket, sys, uvicorn\n"
    "sock = socket.socket(fileno=int(sys.argv[1]))\n"
    "config = uvicorn.Config('trading_api.main:app', log_level='warning', lifespan='on')\n"
    "uvicorn.Server(config).run(sockets=[sock])\n"
)


@dataclass(frozen=True)
class Server:
    """Where a started server listens."""

    port: int

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/api/v1/ws"


def wait_until_healthy(server: Server, process: subprocess.Popen, log: Path) -> None:
    """Poll the health route until it answers; fail with the server log if the process dies."""
    deadline = time.monotonic() + 30
    with httpx.Client(trust_env=False, timeout=1.0) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"server exited with {process.returncode}:\n{log.read_text()}")
            try:
                if http.get(f"{server.http}/api/v1/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    pytest.fail(f"server did not become healthy in 30 s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server per test module (start-up dominates); tests use distinct symbols and topics."""
    tmp_path = tmp_path_factory.mktemp("server")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRADING_API_") and k != "ENABLED_MODULES"}
    env.update(SERVER_ENV)
    log = tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(sock.fileno())],
            pass_fds=(sock.fileno(),), env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
        )
    started = Server(port=sock.getsockname()[1])
    sock.close()
    try:
        wait_until_healthy(started, process, log)
        yield started
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["server.log"], "the server wrote files"
