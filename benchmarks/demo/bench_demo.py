"""Benchmark a whole demo (`refactor-tools demo`) against its target: 90 s (Trading API), 120 s (SQL).

Run from the repository root with the project's venv:

    .venv/bin/python benchmarks/demo/bench_demo.py [--example trading|sql] [--rounds 3] [--target S]
        [--before-src DIR] [--before-args ARGS] [--after-args ARGS]

Each run is the CLI a user runs, `python -m refactor_tools demo --workdir <new temp dir> --format
json`, started with `nice -n 10` (the machine is shared); its wall time is the total, and the
JSON it prints gives the seconds of every phase, of every gate per phase (the tests stage split
into its steps) and of the final checks. `--before-src` names the `src` folder of another
checkout of this repository (e.g. `git worktree add /tmp/before <commit>`): that harness runs the
same demo in the same rounds, interleaved (before, after; then after, before; ...), so both see
the same machine load. `--before-args` / `--after-args` add demo options to one side (e.g.
`--before-args=--no-lookahead` compares the same harness with and without the lookahead; the
before side is then this checkout unless `--before-src` names another). The 1/5/15-minute load
average is recorded before and after every run. Writes benchmarks/demo/RESULTS.md (`RESULTS-sql.md`
for the SQL example; or `--out`): medians per side, per phase and per gate, the final checks, the
ratio of the median total to the target and, with two sides, after / before.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GATES = ("tests", "specs", "boundaries")
EXAMPLES = {"trading": ("the Trading-API demo", 90.0, "RESULTS.md"), "sql": ("the SQL-monolith demo", 120.0, "RESULTS-sql.md")}


@dataclass
class Run:
    """One demo run: its wall time, the JSON's timings and the load around it."""

    side: str
    ok: bool
    wall: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    inside: float = 0.0  # the demo's own `seconds` (the CLI's start-up excluded)
    phases: dict[str, float] = field(default_factory=dict)
    gates: dict[tuple[str, str], float] = field(default_factory=dict)  # (phase, gate) -> seconds
    gate_runs: dict[str, int] = field(default_factory=dict)
    beside: set[str] = field(default_factory=set)  # steps that ran beside the suite (their time overlaps it)
    ahead_wait: dict[str, float] = field(default_factory=dict)  # phase -> seconds waited for lookaheads
    verified_ahead: int = 0  # tasks whose tests stage a lookahead verified
    dropped_ahead: int = 0
    final: float = 0.0
    suites: dict[str, float] = field(default_factory=dict)
    failure: str = ""


def _load() -> tuple[float, float, float]:
    return os.getloadavg()


def one_run(side: str, src: Path | None, keep: bool, example: str = "trading", extra: tuple[str, ...] = ()) -> Run:
    """Run the demo once through the CLI in a fresh temp directory and read its JSON."""
    env = dict(os.environ)
    cwd = REPO
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH")) if p)
        cwd = src.parent  # that checkout's examples and plans
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-demo-{side}-")) / "demo"
    command = ["nice", "-n", "10", sys.executable, "-m", "refactor_tools", "demo", "--example", example,
               "--workdir", str(workdir), "--format", "json", *extra]
    load_before = _load()
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800,
                          check=False)
    wall = time.perf_counter() - started
    run = Run(side, False, wall, load_before, _load())
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        run.failure = f"exit {proc.returncode}, no JSON: {proc.stderr.strip().splitlines()[-1:]}"
        return run
    run.ok = bool(data.get("ok")) and proc.returncode == 0
    run.inside = float(data.get("seconds", 0.0))
    run.final = float(data.get("final_seconds", 0.0))
    for row in data.get("phases", []):
        run.phases[row["phase"]] = float(row["seconds"])
        for gate, seconds in row.get("gates", {}).items():
            run.gates[(row["phase"], gate)] = float(seconds)
        run.beside.update(row.get("beside_suite", []))
        ahead = row.get("lookahead") or {}
        run.ahead_wait[row["phase"]] = float(ahead.get("wait", 0.0))
        run.verified_ahead += int(ahead.get("verified", 0))
        run.dropped_ahead += int(ahead.get("dropped", 0))
        for gate, count in row.get("gate_runs", {}).items():
            run.gate_runs[gate] = run.gate_runs.get(gate, 0) + int(count)
        if row.get("status") not in ("done", "already-done"):
            run.failure = f"{row['phase']}: {row.get('status')}"
    run.suites = {s["module"]: float(s["duration"]) for s in data.get("module_suites", [])}
    if not run.ok and not run.failure:
        run.failure = "; ".join([*data.get("problems", []), *(f"{s['module']}: {s['summary']}"
                                                              for s in data.get("module_suites", []) if not s["ok"])])
    if not keep:
        shutil.rmtree(workdir.parent, ignore_errors=True)
    return run


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _fmt_load(load: tuple[float, float, float]) -> str:
    return " ".join(f"{v:.2f}" for v in load)


def _phase_table(runs: list[Run]) -> list[str]:
    phases = sorted({p for r in runs for p in r.phases}, key=lambda p: int(p.split("-")[-1]))
    lines = ["| Phase | Phase total | " + " | ".join(f"gate {g}" for g in GATES)
             + " | waiting for lookaheads | actions + commits |",
             "| --- | ---: | " + " | ".join("---:" for _ in GATES) + " | ---: | ---: |"]
    for phase in phases:
        cells = [f"{_median([r.phases[phase] for r in runs if phase in r.phases]):.1f}"]
        for gate in GATES:
            values = [r.gates[(phase, gate)] for r in runs if (phase, gate) in r.gates]
            cells.append(f"{_median(values):.2f}" if values else "-")
        cells.append(f"{_median([r.ahead_wait.get(phase, 0.0) for r in runs if phase in r.phases]):.2f}")
        # `tests` is the suite alone; the stage's other steps count, except those beside the suite.
        other = [r.phases[phase] - r.ahead_wait.get(phase, 0.0)
                 - sum(v for (p, g), v in r.gates.items() if p == phase and g not in r.beside)
                 for r in runs if phase in r.phases]
        cells.append(f"{_median(other):.1f}")
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    return lines


def _gate_rows(runs: list[Run]) -> list[tuple[str, int, float, float]]:
    names = sorted({g for r in runs for (_, g) in r.gates}, key=lambda g: (g not in GATES, GATES.index(g) if g in GATES else 0, g))
    rows = []
    for gate in names:
        sums = [sum(v for (_, g), v in r.gates.items() if g == gate) for r in runs]
        count = int(_median([r.gate_runs.get(gate, 0) for r in runs]))
        total = _median(sums)
        rows.append((gate, count, total, total / count if count else 0.0))
    return rows


def commit_of(src: Path | None) -> str:
    """Return the short commit of the checkout holding `src` (this one for None), or '?'."""
    done = subprocess.run(["git", "-C", str(src or REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, check=False)
    return done.stdout.strip() or "?"


def render(runs: list[Run], target: float, rounds: int, commits: dict[str, str] | None = None,
           example: str = "trading", extras: dict[str, tuple[str, ...]] | None = None) -> str:
    """Return RESULTS.md for these runs (`commits`: side -> the commit it ran)."""
    sides = list(dict.fromkeys(r.side for r in runs))
    by_side = {s: [r for r in runs if r.side == s] for s in sides}
    loads = [r.load_before[0] for r in runs] + [r.load_after[0] for r in runs]
    lines = [
        f"# The whole {EXAMPLES[example][0][4:]} against its {target:.0f}-second target",
        "",
        f"Command: `.venv/bin/python benchmarks/demo/bench_demo.py --example {example} --rounds {rounds}"
        + ("".join(f" --{side}-args={' '.join(extra)}" for side, extra in (extras or {}).items() if extra))
        + (" --before-src <checkout>/src`" if len(sides) > 1 and commits and len(set(commits.values())) > 1
           else "`")
        + f"; each run is `nice -n 10 python -m refactor_tools demo --example {example} --workdir <new temp dir> "
          "--format json`"
        + (", the sides interleaved in every round" if len(sides) > 1 else "") + ".",
        (f"Machine: {os.cpu_count()} CPU(s), Python {platform.python_version()}, {platform.system()}; shared with "
         f"other agents' jobs: 1-minute load average {min(loads):.2f}-{max(loads):.2f} during the runs."),
        *([("Sides: " + ", ".join(f"{side} = commit {commits.get(side, '?')}"
                                  + (f" with `{' '.join((extras or {}).get(side, ()))}`"
                                     if (extras or {}).get(side) else "") for side in sides) + ".")]
          if commits else []),
        "",
        "| Run (in order) | Side | OK | Wall (s) | Demo's own seconds | Load before (1/5/15 min) | Load after |",
        "| --- | --- | --- | ---: | ---: | --- | --- |",
    ]
    for i, run in enumerate(runs, 1):
        lines.append(f"| {i} | {run.side} | {'yes' if run.ok else 'NO'} | {run.wall:.1f} | {run.inside:.1f} | "
                     f"{_fmt_load(run.load_before)} | {_fmt_load(run.load_after)} |")
    lines.append("")
    for side in sides:
        median = _median([r.wall for r in by_side[side]])
        verdict = "within" if median <= target else "OVER"
        lines.append(f"- **{side}: median {median:.1f} s** wall (min {min(r.wall for r in by_side[side]):.1f}, "
                     f"max {max(r.wall for r in by_side[side]):.1f}) vs target {target:.0f} s: ratio "
                     f"{median / target:.2f} ({verdict} the target).")
    if len(sides) > 1:
        ratio = _median([r.wall for r in by_side[sides[-1]]]) / _median([r.wall for r in by_side[sides[0]]])
        lines.append(f"- {sides[-1]} / {sides[0]}: {ratio:.2f}.")
    failures = [f"- run {i} ({r.side}): {r.failure}" for i, r in enumerate(runs, 1) if r.failure]
    if failures:
        lines += ["", "Failures:", "", *failures]
    for side in sides:
        group = by_side[side]
        lines += ["", f"## {side}: per phase (medians, s)", "", *_phase_table(group), "",
                  f"## {side}: per gate, whole demo (medians)", "",
                  "| Gate | Runs per demo | Total (s) | Per run (s) |", "| --- | ---: | ---: | ---: |"]
        beside = {g for r in group for g in r.beside}
        lines += [f"| {g}{' (beside the suite)' if g in beside else ''} | {n} | {t:.1f} | {p:.2f} |"
                  for g, n, t, p in _gate_rows(group)]
        if any(r.verified_ahead or r.dropped_ahead for r in group):
            lines += ["", (f"Lookahead (medians): {_median([r.verified_ahead for r in group]):.0f} task(s) verified "
                           f"ahead, {_median([r.dropped_ahead for r in group]):.0f} dropped; the run waited "
                           f"{_median([sum(r.ahead_wait.values()) for r in group]):.1f} s for them in all (their "
                           "suites' time; a verified task's tests gate is then a skip).")]
        modules = sorted({m for r in group for m in r.suites})
        lines += ["", f"Final checks (module suites alone, boundaries, shims): median "
                  f"{_median([r.final for r in group]):.1f} s"
                  + (" (" + ", ".join(f"{m} {_median([r.suites[m] for r in group if m in r.suites]):.1f} s"
                                      for m in modules) + ")" if modules else "")
                  + f"; the CLI's start-up and set-up outside the phases: "
                  f"{_median([r.wall - sum(r.phases.values()) - r.final for r in group]):.1f} s."]
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write RESULTS.md; exit 1 when a demo run failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", choices=sorted(EXAMPLES), default="trading")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--target", type=float, default=None, help="target seconds for the whole demo (90 / 120)")
    parser.add_argument("--before-src", type=Path, default=None,
                        help="src folder of another refactor-tools checkout, run interleaved as 'before'")
    parser.add_argument("--after-src", type=Path, default=None,
                        help="src folder of the checkout measured as 'after' (default: this one)")
    parser.add_argument("--before-args", default="", help="demo options of the before side (e.g. --no-lookahead)")
    parser.add_argument("--after-args", default="", help="demo options of the after side")
    parser.add_argument("--keep", action="store_true", help="keep the demo directories")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    _, default_target, default_out = EXAMPLES[args.example]
    target = args.target if args.target is not None else default_target
    out = args.out if args.out is not None else HERE / default_out
    after = args.after_src.resolve() if args.after_src is not None else None
    sides: list[tuple[str, Path | None]] = [("after", after)]
    extras = {"before": tuple(args.before_args.split()), "after": tuple(args.after_args.split())}
    if args.before_src is not None or extras["before"]:
        before = args.before_src.resolve() if args.before_src is not None else None
        sides = [("before", before), ("after", after)]
    runs: list[Run] = []
    for i in range(args.rounds):
        order = sides if i % 2 == 0 else sides[::-1]
        for side, src in order:
            run = one_run(side, src, args.keep, args.example, extras[side])
            print(f"round {i + 1}/{args.rounds} {side}: {'ok' if run.ok else 'FAILED'} in {run.wall:.1f}s "
                  f"(load {_fmt_load(run.load_before)} -> {_fmt_load(run.load_after)})", file=sys.stderr)
            runs.append(run)
    commits = {side: commit_of(src) for side, src in sides}
    out.write_text(render(runs, target, args.rounds, commits, args.example, extras), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
