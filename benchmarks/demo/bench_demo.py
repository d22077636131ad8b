"""Benchmark the whole demo (`refactor-tools demo`) against its 3-minute target on this machine.

Run from the repository root with the project's venv:

    .venv/bin/python benchmarks/demo/bench_demo.py [--runs 3] [--target 180]

Each run migrates the bundled legacy monolith in a fresh temp directory, in process
(`refactor_tools.driver.demo.run_demo`), so every phase, task and gate duration is read from
the result objects. Writes benchmarks/demo/RESULTS.md: medians per phase, per gate (per phase
and in total), of the final isolated module suites and of the whole demo, the ratio of the
median total to the target, and the machine load (1/5/15-min load average) around each run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GATES = ("tests", "specs", "boundaries")


@dataclass
class Run:
    """The durations of one demo run, in seconds."""

    ok: bool
    total: float
    load_before: str
    load_after: str
    phases: dict[str, float] = field(default_factory=dict)
    gates: dict[tuple[str, str], float] = field(default_factory=dict)  # (phase, gate) -> summed over tasks
    gate_runs: dict[str, int] = field(default_factory=dict)
    other: dict[str, float] = field(default_factory=dict)  # phase -> actions, commits, records
    suites: dict[str, float] = field(default_factory=dict)
    failure: str = ""


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def one_run(keep: bool) -> Run:
    """Run the demo once in a fresh temp directory and collect its durations."""
    from refactor_tools.driver.demo import find_sources, run_demo

    example, plans = find_sources(REPO)
    workdir = Path(tempfile.mkdtemp(prefix="bench-demo-")) / "demo"
    load_before = _loadavg()
    started = time.perf_counter()
    try:
        result = run_demo(workdir, example, plans)
    finally:
        total = time.perf_counter() - started
        load_after = _loadavg()
    run = Run(result.ok, total, load_before, load_after)
    runs: dict[str, int] = defaultdict(int)
    for phase in result.phases:
        run.phases[phase.phase] = phase.duration
        gate_time = 0.0
        for task in phase.tasks:
            for gate in task.gates:
                key = (phase.phase, gate.name)
                run.gates[key] = run.gates.get(key, 0.0) + gate.duration
                runs[gate.name] += 1
                gate_time += gate.duration
        run.other[phase.phase] = max(phase.duration - gate_time, 0.0)
        if phase.exit_code:
            run.failure = f"{phase.phase}: {phase.message}"
    run.gate_runs = dict(runs)
    run.suites = {s.module: s.duration for s in result.module_suites}
    if not result.ok and not run.failure:
        run.failure = "; ".join([*result.problems, *(f"shim left: {s}" for s in result.shims_left),
                                 *(f"{s.module}: {s.summary}" for s in result.module_suites if not s.ok)])
    if not keep:
        shutil.rmtree(workdir.parent, ignore_errors=True)
    return run


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def render(runs: list[Run], target: float) -> str:
    """Return RESULTS.md for these runs."""
    phases = sorted({p for r in runs for p in r.phases}, key=lambda p: int(p.split("-")[-1]))
    totals = [r.total for r in runs]
    median_total = _median(totals)
    lines = [
        "# The whole demo against its 3-minute target",
        "",
        f"Command: `.venv/bin/python benchmarks/demo/bench_demo.py --runs {len(runs)}` "
        f"(each run: a fresh temp repository, `run_demo` in process).",
        f"Machine: {os.cpu_count()} CPU(s), Python {platform.python_version()}, {platform.system()}. "
        "The machine is shared with other engineers' test runs: the load averages below matter.",
        "",
        "| Run | OK | Total (s) | Load before (1/5/15 min) | Load after |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for i, run in enumerate(runs, 1):
        lines.append(f"| {i} | {'yes' if run.ok else 'NO'} | {run.total:.1f} | {run.load_before} | {run.load_after} |")
    verdict = "within" if median_total <= target else "OVER"
    lines += [
        "",
        f"**Median total: {median_total:.1f} s** vs target {target:.0f} s: ratio "
        f"{median_total / target:.2f} ({verdict} the target).",
        "",
    ]
    tests_share = _median([sum(v for (_, g), v in r.gates.items() if g == "tests") for r in runs]) / median_total
    lines += [f"The `tests` gate takes {100 * tests_share:.0f}% of the median total (the project's suite, "
              "run once per task, twice per task from phase-2 on: legacy and factory app sources).", ""]
    failures = [f"- run {i}: {r.failure}" for i, r in enumerate(runs, 1) if r.failure]
    if failures:
        lines += ["Failures:", "", *failures, ""]
    lines += [
        "## Per phase (medians, s)",
        "",
        "| Phase | Phase total | " + " | ".join(f"gate {g}" for g in GATES) + " | actions + commits |",
        "| --- | ---: | " + " | ".join("---:" for _ in GATES) + " | ---: |",
    ]
    for phase in phases:
        cells = [f"{_median([r.phases[phase] for r in runs if phase in r.phases]):.1f}"]
        for gate in GATES:
            values = [r.gates[(phase, gate)] for r in runs if (phase, gate) in r.gates]
            cells.append(f"{_median(values):.1f}" if values else "-")
        cells.append(f"{_median([r.other[phase] for r in runs if phase in r.other]):.1f}")
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    lines += ["", "## Per gate, whole demo (medians)", "", "| Gate | Runs per demo | Total (s) | Per run (s) |",
              "| --- | ---: | ---: | ---: |"]
    for gate in GATES:
        sums = [sum(v for (_, g), v in r.gates.items() if g == gate) for r in runs]
        counts = [r.gate_runs.get(gate, 0) for r in runs]
        count = int(_median(counts))
        per = _median(sums) / count if count else 0.0
        lines.append(f"| {gate} | {count} | {_median(sums):.1f} | {per:.2f} |")
    modules = sorted({m for r in runs for m in r.suites})
    if modules:
        lines += ["", "## Final isolated module suites (`pytest -n auto --isolated-module`, medians)", "",
                  "| Module | Seconds |", "| --- | ---: |"]
        lines += [f"| {m} | {_median([r.suites[m] for r in runs if m in r.suites]):.1f} |" for m in modules]
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write RESULTS.md; exit 1 when a demo run failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target", type=float, default=180.0, help="target seconds for the whole demo")
    parser.add_argument("--keep", action="store_true", help="keep the demo directories")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    runs = []
    for i in range(args.runs):
        run = one_run(args.keep)
        print(f"run {i + 1}/{args.runs}: {'ok' if run.ok else 'FAILED'} in {run.total:.1f}s "
              f"(load {run.load_before} -> {run.load_after})", file=sys.stderr)
        runs.append(run)
    args.out.write_text(render(runs, args.target), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
