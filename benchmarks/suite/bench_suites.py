"""Time the Trading API's test suites: sequential vs `-n auto`, and per-suite jobs vs one job.

Run from anywhere: `python benchmarks/suite/bench_suites.py [--runs 3]`. Uses the project's
`.venv` (made by `make install`); needs nothing else. Each round runs every scenario once, in
the same order, so slow drift of the machine hits all of them alike. Writes RESULTS.md beside
this file and prints it.

Scenarios
- `whole-seq`: the Trading API's whole suite (module, shared and integration tests) in one
  pytest process, no xdist.
- `whole-xdist`: the same suite in one job with `-n auto`.
- `jobs-concurrent`: the make targets test-shared, test-<module>... and test-integration as
  separate processes started together (what CI's parallel jobs do, here on one machine);
  the wall time is until the last one ends.
- `jobs-serial`: the same make targets one after the other; the slowest of them is the wall
  time CI's parallel jobs would take on separate runners (`critical path` below).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / ".venv" / "bin" / "python"
SUITE_PATHS = ("src/trading_api", "tests/integration")
COUNTS = re.compile(r"(\d+) (passed|failed|errors?|skipped)")


@dataclass(frozen=True)
class Run:
    """One process: its label, wall time, exit code and the counts pytest printed."""

    label: str
    seconds: float
    returncode: int
    counts: str


@dataclass
class Scenario:
    """Wall times of one scenario over the rounds, with the processes of its last round."""

    name: str
    walls: list[float] = field(default_factory=list)
    last: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Return the median wall time."""
        return statistics.median(self.walls)


def modules() -> list[str]:
    """Return the module names from the app's registry (never a hard-coded list)."""
    out = subprocess.run(
        [str(PY), "-m", "trading_api.shared.module_registry"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return sorted(json.loads(out))


def make_jobs(names: list[str]) -> list[tuple[str, list[str]]]:
    """Return (label, argv) of every per-suite make target; `-o install` skips reinstalling."""
    targets = ["test-shared", *(f"test-module MODULE={m}" for m in names), "test-integration"]
    return [(t, ["make", "--no-print-directory", "-o", "install", *t.split()]) for t in targets]


def _counts(output: str) -> str:
    tail = output.strip().splitlines()[-1:] or [""]
    return ", ".join(f"{n} {what}" for n, what in COUNTS.findall(tail[0]))


def _start(argv: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def run_concurrently(jobs: list[tuple[str, list[str]]]) -> tuple[float, list[Run]]:
    """Start every job at once; return the wall time until the last ends and each job's run."""
    start = time.perf_counter()
    runs: dict[str, Run] = {}

    def wait(label: str, proc: subprocess.Popen[str]) -> None:
        output, _ = proc.communicate()
        runs[label] = Run(label, time.perf_counter() - start, proc.returncode, _counts(output))

    threads = [threading.Thread(target=wait, args=(label, _start(argv))) for label, argv in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, [runs[label] for label, _ in jobs]


def run_serially(jobs: list[tuple[str, list[str]]]) -> tuple[float, list[Run]]:
    """Run the jobs one after the other; return the total wall time and each job's run."""
    runs = []
    for label, argv in jobs:
        start = time.perf_counter()
        proc = _start(argv)
        output, _ = proc.communicate()
        runs.append(Run(label, time.perf_counter() - start, proc.returncode, _counts(output)))
    return sum(r.seconds for r in runs), runs


def measure(rounds: int) -> tuple[list[Scenario], list[str], tuple[tuple[float, ...], tuple[float, ...]]]:
    """Run every scenario `rounds` times, interleaved; return the scenarios, the modules and the
    load averages (1/5/15 min) before and after."""
    names = modules()
    # The plugins the make targets leave off (these suites use neither hypothesis nor schemathesis).
    pytest = [str(PY), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
              "-p", "no:schemathesis", *SUITE_PATHS]
    plans = {
        "whole-seq": lambda: run_concurrently([("pytest (sequential)", pytest)]),
        "whole-xdist": lambda: run_concurrently([("pytest -n auto", [*pytest, "-n", "auto"])]),
        "jobs-concurrent": lambda: run_concurrently(make_jobs(names)),
        "jobs-serial": lambda: run_serially(make_jobs(names)),
    }
    scenarios = {name: Scenario(name) for name in plans}
    load_before = os.getloadavg()
    for index in range(rounds):
        for name, plan in plans.items():
            wall, runs = plan()
            scenarios[name].walls.append(wall)
            scenarios[name].last = runs
            print(f"round {index + 1}/{rounds} {name}: {wall:.2f}s", file=sys.stderr)
    return list(scenarios.values()), names, (load_before, os.getloadavg())


def render(scenarios: list[Scenario], names: list[str], rounds: int,
           loads: tuple[tuple[float, ...], tuple[float, ...]]) -> str:
    """Return RESULTS.md: environment, a table of medians and ratios, and the last round's jobs."""
    by = {s.name: s for s in scenarios}
    serial_jobs = by["jobs-serial"].last
    critical = max(r.seconds for r in serial_jobs)
    versions = subprocess.run(
        [str(PY), "-c", "import pytest, xdist; print(pytest.__version__, xdist.__version__)"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    lines = [
        "# Test suite timings",
        "",
        f"Generated by `benchmarks/suite/bench_suites.py --runs {rounds}`: wall times, median of "
        f"{rounds} rounds, one machine with {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"pytest {versions[0]}, pytest-xdist {versions[1]}. Modules (from the registry): {', '.join(names)}.",
        f"Load average (1/5/15 min) before the runs: {' '.join(f'{x:.2f}' for x in loads[0])}; after: "
        f"{' '.join(f'{x:.2f}' for x in loads[1])}.",
        "",
        "| Scenario | Median wall (s) | Min | Max | vs whole-seq | vs whole-xdist |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    base, xdist = by["whole-seq"].median, by["whole-xdist"].median
    for s in scenarios:
        lines.append(
            f"| {s.name} | {s.median:.2f} | {min(s.walls):.2f} | {max(s.walls):.2f} "
            f"| {s.median / base:.2f}x | {s.median / xdist:.2f}x |"
        )
    lines += [
        f"| critical path (slowest job run alone, last round) | {critical:.2f} | | "
        f"| {critical / base:.2f}x | {critical / xdist:.2f}x |",
        "",
        "Processes of the last round (`jobs-serial` times are each job alone):",
        "",
        "| Scenario | Process | Seconds | Exit | Counts |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for s in scenarios:
        for r in s.last:
            lines.append(f"| {s.name} | `{r.label}` | {r.seconds:.2f} | {r.returncode} | {r.counts} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    """Measure, write RESULTS.md, print it; exit 1 if any suite failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds per scenario (median; default 3)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    if not PY.exists():
        parser.error("no .venv: run `make install` first")
    scenarios, names, loads = measure(args.runs)
    text = render(scenarios, names, args.runs, loads)
    (Path(__file__).parent / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    failed = [r for s in scenarios for r in s.last if r.returncode != 0]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
