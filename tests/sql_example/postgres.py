"""A PostgreSQL for the example's suite: SQL_EXAMPLE_DATABASE_URL, or a throwaway local cluster.

Without either the PostgreSQL tests skip. A throwaway cluster needs `initdb` and `pg_ctl` on
PATH; as root it runs as the `postgres` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

_started: list[str] = []


def postgres_url() -> str:
    """Return the URL of a reachable PostgreSQL database, or skip the calling test."""
    url = os.environ.get("SQL_EXAMPLE_DATABASE_URL")
    if url:
        return url
    if _started:
        return _started[0]
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        pytest.skip("no PostgreSQL: set SQL_EXAMPLE_DATABASE_URL or put initdb/pg_ctl on PATH")
    url = _start_cluster()
    _started.append(url)
    return url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
    return ["runuser", "-u", "postgres", "--"]


def _start_cluster() -> str:
    prefix = _as_user()
    base = Path(tempfile.mkdtemp(prefix="sql-example-pg-"))
    if prefix:
        shutil.chown(base, user="postgres")
    data, port = base / "data", _free_port()

    def run(*args: str) -> None:
        result = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            pytest.skip(f"could not start a throwaway PostgreSQL: {' '.join(args[:2])}: {result.stderr.strip()}")

    run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    run("pg_ctl", "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start")
    atexit.register(_stop_cluster, prefix, data, base)
    run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "app")
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/app"


def _stop_cluster(prefix: list[str], data: Path, base: Path) -> None:
    subprocess.run([*prefix, "pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True)
    shutil.rmtree(base, ignore_errors=True)
