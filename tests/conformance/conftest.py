"""Real uvicorn servers of both Trading API apps, and a small WebSocket client for scenarios."""

from __future__ import annotations

import inspect
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

REPO_ROOT = Path(__file__).resolve().parents[2]
LEGACY_SRC = REPO_ROOT / "examples" / "legacy_monolith" / "src"
APPS = ("legacy", "modular")

# Settings shared by every scenario server (TRADING_API.md 2.4 and 8).
BASE_ENV = {
    "TRADING_API_SEED": "42",
    "TRADING_API_ANCHOR_DATE": "2025-01-15",
    "TRADING_API_FILL_DELAY": "0",
    "TRADING_API_TICK_INTERVAL": "0.01",
    "TRADING_API_STREAM_INTERVAL": "0.01",
    "TRADING_API_ACCOUNTS": "DEMO-ACCOUNT,OTHER-ACCOUNT",
    "TRADING_API_WS_HEARTBEAT": "30.0",
    "TRADING_API_WS_MAX_LIFESPAN": "3600.0",
    "TRADING_API_WS_QUEUE_SIZE": "256",
}

# Serve a pre-bound socket so the parent picks the port without any race.
_LAUNCHER = (
    "import socket, sys, uvicorn\n"
    "sock = socket.socket(fileno=int(sys.argv[1]))\n"
    "config = uvicorn.Config('trading_api.main:app', log_level='warning', lifespan='on')\n"
    "uvicorn.Server(config).run(sockets=[sock])\n"
)


@dataclass
class Server:
    """A running app: its name, base URLs, scratch cwd and process."""

    app: str
    port: int
    cwd: Path
    process: subprocess.Popen
    log: Path

    @property
    def http(self) -> str:
        """Return the HTTP base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        """Return the WebSocket endpoint URL."""
        return f"ws://127.0.0.1:{self.port}/api/v1/ws"

    def client(self) -> httpx.Client:
        """Return a fresh HTTP client for this server."""
        return httpx.Client(base_url=self.http, timeout=10.0, trust_env=False)


def start_server(app: str, workdir: Path, env_overrides: dict[str, str] | None = None) -> Server:
    """Start `trading_api.main:app` of `app` under uvicorn on a free loopback port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRADING_API_")}
    env.update(BASE_ENV)
    env.update(env_overrides or {})
    env.pop("ENABLED_MODULES", None)
    if app == "legacy":
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(LEGACY_SRC), env.get("PYTHONPATH")]))
    workdir.mkdir(parents=True, exist_ok=True)
    cwd = workdir / "cwd"
    cwd.mkdir()
    log = workdir / "server.log"
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(sock.fileno())],
            cwd=cwd,
            env=env,
            pass_fds=(sock.fileno(),),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    # The child owns the socket now; if it dies, pending connections are refused.
    sock.close()
    server = Server(app=app, port=port, cwd=cwd, process=process, log=log)
    try:
        # The kernel queues this request until the app accepts: no polling needed.
        with server.client() as client:
            response = client.get("/api/v1/health", timeout=60.0)
        assert response.status_code == 200, response.text
    except Exception:
        stop_server(server)
        raise AssertionError(f"{app} server did not start:\n{log.read_text(errors='replace')}")
    return server


def stop_server(server: Server) -> None:
    """Stop the server process."""
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=15)


def _serve(app: str, tmp_path_factory: pytest.TempPathFactory, **env: str) -> Iterator[Server]:
    server = start_server(app, tmp_path_factory.mktemp(f"{app}-server"), env)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def legacy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The legacy monolith, served once per worker."""
    yield from _serve("legacy", tmp_path_factory)


@pytest.fixture(scope="session")
def modular_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The modular app, served once per worker."""
    yield from _serve("modular", tmp_path_factory)


@pytest.fixture(params=APPS)
def server(request: pytest.FixtureRequest) -> Server:
    """Each app in turn: every scenario runs against both."""
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    """An HTTP client of the current app."""
    with server.client() as client:
        yield client


# websockets >= 17 warns unless a direct (non-`with`) connection is asked for explicitly.
_DIRECT_CONNECT = {"legacy": True} if "legacy" in inspect.signature(connect).parameters else {}


class WsClient:
    """A blocking WebSocket client speaking the `{type, payload}` envelope."""

    def __init__(self, url: str, **connect_options: object) -> None:
        options: dict[str, object] = {"proxy": None, "max_queue": None, "open_timeout": 10, "compression": None}
        options.update(_DIRECT_CONNECT)
        options.update(connect_options)
        self.connection: ClientConnection = connect(url, **options)  # type: ignore[arg-type]

    def send(self, message_type: str, payload: object = None) -> None:
        """Send one envelope."""
        self.connection.send(json.dumps({"type": message_type, "payload": payload}))

    def send_raw(self, text: str) -> None:
        """Send a text frame as is."""
        self.connection.send(text)

    def recv(self, timeout: float = 10.0) -> dict:
        """Return the next message."""
        return json.loads(self.connection.recv(timeout=timeout))

    def wait_for(
        self,
        message_type: str,
        where: Callable[[dict], bool] = lambda message: True,
        timeout: float = 10.0,
    ) -> dict:
        """Return the first message of `message_type` matching `where`, skipping others."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.recv(timeout=max(deadline - time.monotonic(), 0.001))
            if message["type"] == message_type and where(message):
                return message

    def request(self, message_type: str, payload: object, timeout: float = 10.0) -> dict:
        """Send a subscribe/unsubscribe and return its response's payload."""
        self.send(message_type, payload)
        return self.wait_for(f"{message_type}.response", timeout=timeout)["payload"]

    def until_reply(self, message_type: str, payload: object) -> tuple[list[dict], dict]:
        """Send a request; return every message received before its reply, and the reply."""
        self.send(message_type, payload)
        before = []
        while True:
            message = self.recv()
            if message["type"] == f"{message_type}.response":
                return before, message["payload"]
            before.append(message)

    def wait_closed(self, timeout: float = 10.0) -> tuple[int | None, str | None]:
        """Read until the server closes; return the close code and reason."""
        from websockets.exceptions import ConnectionClosed

        deadline = time.monotonic() + timeout
        try:
            while True:
                self.connection.recv(timeout=max(deadline - time.monotonic(), 0.001))
        except ConnectionClosed as closed:
            frame = closed.rcvd
            return (frame.code, frame.reason) if frame else (None, None)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


@pytest.fixture(scope="module", params=APPS)
def tight_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Each app with a 0.5 s heartbeat, 4-message client queues and a 0.3 s overflow grace."""
    limits = {"TRADING_API_WS_HEARTBEAT": "0.5", "TRADING_API_WS_QUEUE_SIZE": "4", "TRADING_API_WS_OVERFLOW_GRACE": "0.3"}
    yield from _serve(request.param, tmp_path_factory, **limits)


@pytest.fixture
def ws_client_class() -> type[WsClient]:
    """The WsClient class, for tests that open connections themselves."""
    return WsClient


@pytest.fixture
def ws(server: Server) -> Iterator[Callable[[], WsClient]]:
    """A factory of WebSocket clients of the current app, all closed at teardown."""
    clients: list[WsClient] = []

    def open_client() -> WsClient:
        client = WsClient(server.ws_url)
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        client.close()


@pytest.fixture(scope="module", params=APPS)
def paced_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Each app with the default stream and tick intervals (0.2 s), as deployed.

    With 10 ms intervals a 1,000-symbol quotes topic asks for 100,000 quotes a second, more than
    any server can make: pressure that lasts, rightly closed with 1013. Burst and load scenarios
    need a server that can keep up.
    """
    paced = {"TRADING_API_STREAM_INTERVAL": "0.2", "TRADING_API_TICK_INTERVAL": "0.2"}
    yield from _serve(request.param, tmp_path_factory, **paced)


@pytest.fixture(scope="module", params=APPS)
def fresh_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Each app in a process of its own module: nothing else has drawn quotes from it yet."""
    yield from _serve(request.param, tmp_path_factory)
