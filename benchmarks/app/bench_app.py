"""App benchmarks through real uvicorn on loopback: the modular app versus the legacy monolith.

Run from the repository root: `.venv/bin/python benchmarks/app/bench_app.py [--quick]`.
Writes benchmarks/app/RESULTS.md. Measures, in one run on one machine:
  1. REST latency of GET /api/v1/datafeed/bars (p50, p99 per round; medians over rounds),
     modular app vs legacy monolith (examples/legacy_monolith/src first on PYTHONPATH);
  2. import + build time and peak RSS of a datafeed-only app vs the full app (fresh subprocesses).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
LEGACY_SRC = ROOT / "examples" / "legacy_monolith" / "src"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SERVER_ENV = {"TRADING_API_SEED": "42", "TRADING_API_ANCHOR_DATE": "2025-01-15"}
BARS_PARAMS = {"symbol": "AAPL", "resolution": "1D", "from_time": 1733011200000, "to_time": 1736899200000}
LAUNCHER = (
    "import socket, sys, uvicorn\n"
    "sock = socket.socket(fileno=int(sys.argv[1]))\n"
    "config = uvicorn.Config('trading_api.main:app', log_level='warning', lifespan='on', access_log=False)\n"
    "uvicorn.Server(config).run(sockets=[sock])\n"
)
PROBE = (
    "import resource, sys, time\n"
    "t0 = time.perf_counter()\n"
    "from trading_api.app_factory import create_app\n"
    "api, ws = create_app({modules})\n"
    "elapsed = time.perf_counter() - t0\n"
    "rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "loaded = sum(1 for m in sys.modules if m.startswith('trading_api.'))\n"
    "print(elapsed, rss_kib, loaded)\n"
)


@dataclass(frozen=True)
class Latency:
    """Per-round p50/p99 (ms) of one app."""

    app: str
    p50: list[float]
    p99: list[float]


@dataclass(frozen=True)
class Footprint:
    """Import+build time (s), peak RSS (MiB) and loaded app modules of one selection."""

    label: str
    seconds: list[float]
    rss_mib: list[float]
    modules: int


def _env(pythonpath: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRADING_API_") and k != "ENABLED_MODULES"}
    env.update(SERVER_ENV)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    return env


def _start(pythonpath: Path | None, workdir: Path) -> tuple[subprocess.Popen, int]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(sock.fileno())],
        pass_fds=(sock.fileno(),), env=_env(pythonpath), cwd=workdir,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    port = sock.getsockname()[1]
    sock.close()
    deadline = time.monotonic() + 30
    with httpx.Client(trust_env=False, timeout=1.0) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server (PYTHONPATH={pythonpath}) exited with {process.returncode}")
            try:
                if http.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                    return process, port
            except httpx.TransportError:
                time.sleep(0.05)
    process.kill()
    raise RuntimeError("server did not start in 30 s")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _round(http: httpx.Client, requests: int) -> tuple[float, float]:
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        response = http.get("/api/v1/datafeed/bars", params=BARS_PARAMS)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200 and len(response.json()["bars"]) == 46
    return _percentile(samples, 0.50), _percentile(samples, 0.99)


def measure_latency(apps: dict[str, Path | None], rounds: int, requests: int, workdir: Path) -> list[Latency]:
    """Serve every app at once; per round, time `requests` keep-alive GETs on each, order alternating."""
    servers = {name: _start(path, workdir) for name, path in apps.items()}
    results: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in apps}
    clients = {
        name: httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False, timeout=10)
        for name, (_, port) in servers.items()
    }
    try:
        for http in clients.values():
            for _ in range(50):  # warm-up
                http.get("/api/v1/datafeed/bars", params=BARS_PARAMS).raise_for_status()
        names = list(apps)
        for index in range(rounds):
            for name in names if index % 2 == 0 else reversed(names):
                p50, p99 = _round(clients[name], requests)
                results[name][0].append(p50)
                results[name][1].append(p99)
    finally:
        for http in clients.values():
            http.close()
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=10)
    return [Latency(name, *results[name]) for name in apps]


def measure_footprint(label: str, modules: str, repeats: int) -> Footprint:
    """Import the factory and build an app in fresh interpreters; keep time, peak RSS, module count."""
    seconds, rss, count = [], [], 0
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(modules=modules)],
            capture_output=True, text=True, env=_env(None), cwd=ROOT, check=True,
        ).stdout.split()
        seconds.append(float(out[0]))
        rss.append(int(out[1]) / 1024)
        count = int(out[2])
    return Footprint(label, seconds, rss, count)


def render(latencies: list[Latency], footprints: list[Footprint], args: argparse.Namespace) -> str:
    med = statistics.median
    lines = [
        "# App benchmarks",
        "",
        f"Run: `.venv/bin/python benchmarks/app/bench_app.py{' --quick' if args.quick else ''}` "
        f"(Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, shared with other work: compare within one run only).",
        "",
        "## REST latency: `GET /api/v1/datafeed/bars` (AAPL 1D, 46 bars) through uvicorn",
        "",
        f"Both servers run at once; {args.rounds} rounds x {args.requests} sequential keep-alive requests per "
        "app, app order alternating per round, after 50 warm-up requests each; medians over rounds of each "
        "round's percentile.",
        "",
        "| App | p50 (ms) | p99 (ms) | p50 rounds |",
        "|---|---|---|---|",
    ]
    for lat in latencies:
        rounds = ", ".join(f"{v:.3f}" for v in lat.p50)
        lines.append(f"| {lat.app} | {med(lat.p50):.3f} | {med(lat.p99):.3f} | {rounds} |")
    if len(latencies) == 2:
        a, b = latencies
        spread = max(max(x.p50) / min(x.p50) for x in latencies)
        lines += [
            "",
            f"Ratio {a.app}/{b.app}: p50 {med(a.p50) / med(b.p50):.2f}, p99 {med(a.p99) / med(b.p99):.2f}. "
            f"Largest round-to-round p50 spread of one app in this run: {spread:.2f}x.",
            "",
            "Both apps run the same service and route classes (the monolith is their before-layout), so a "
            "ratio near 1.0 is expected; a ratio inside the round-to-round spread is noise, not a difference.",
        ]
    else:
        lines += ["", "The legacy monolith was not found, so only the modular app was measured."]
    lines += [
        "",
        "## Import and build: datafeed-only app vs full app",
        "",
        f"Fresh interpreter per sample ({args.repeats} samples): import `trading_api.app_factory` and call "
        "`create_app(...)`; peak RSS of that process.",
        "",
        "| Selection | time (s, median) | peak RSS (MiB, median) | trading_api modules loaded |",
        "|---|---|---|---|",
    ]
    for fp in footprints:
        lines.append(f"| {fp.label} | {med(fp.seconds):.3f} | {med(fp.rss_mib):.1f} | {fp.modules} |")
    if len(footprints) == 2:
        small, full = footprints
        lines += [
            "",
            f"Ratio datafeed-only/full: time {med(small.seconds) / med(full.seconds):.2f}, "
            f"RSS {med(small.rss_mib) / med(full.rss_mib):.2f}.",
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and samples")
    args = parser.parse_args()
    args.rounds, args.requests, args.repeats = (3, 200, 3) if args.quick else (5, 500, 7)
    workdir = Path(tempfile.mkdtemp(prefix="bench-app-"))
    apps: dict[str, Path | None] = {"modular": None}
    if (LEGACY_SRC / "trading_api" / "main.py").exists():
        apps["legacy"] = LEGACY_SRC
    latencies = measure_latency(apps, args.rounds, args.requests, workdir)
    footprints = [
        measure_footprint("datafeed only", "['datafeed']", args.repeats),
        measure_footprint("full (datafeed + broker)", "None", args.repeats),
    ]
    shutil.rmtree(workdir, ignore_errors=True)
    text = render(latencies, footprints, args)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
