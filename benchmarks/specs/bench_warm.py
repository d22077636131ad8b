"""Warm `diff-specs` on this repository's Trading API: wall time of the whole CLI process.

Run from the repository root with the project's venv:

    .venv/bin/python benchmarks/specs/bench_warm.py [--rounds 7] [--before-src DIR]

"Warm" means the baseline's documents are in the cache (one untimed run fills it), so a run is
start-up, one generation of the working tree's documents and the comparison. `--before-src`
names the `src` folder of another checkout of this repository (e.g. `git worktree add
/tmp/before <commit>`): that checkout's harness runs the same command on that checkout (its own
Trading API and its own cache: two harness versions may not share a cache entry) in the same
rounds, interleaved, so both see the same machine load. Prints medians, minima and maxima, the
ratio, and the load average before and after; nothing else is written.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TARGET = 1.5


def run_once(src: Path | None, ref: str) -> tuple[float, subprocess.CompletedProcess]:
    """Run `python -m refactor_tools diff-specs --baseline REF` and return its wall time.

    With `src`, the harness is imported from there and the project is that checkout.
    """
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "refactor_tools", "diff-specs", "--baseline", ref, "--format", "json"]
    started = time.perf_counter()
    cwd = REPO if src is None else src.parent
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    return time.perf_counter() - started, proc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--ref", default="HEAD", help="baseline ref (default HEAD)")
    parser.add_argument("--before-src", type=Path, default=None,
                        help="src folder of another refactor-tools checkout to compare with")
    args = parser.parse_args()
    sides: dict[str, Path | None] = {"after": None}
    if args.before_src is not None:
        sides = {"before": args.before_src.resolve(), "after": None}
    for name, src in sides.items():  # fill the cache (and each side's bytecode) untimed
        _, proc = run_once(src, args.ref)
        if proc.returncode not in (0, 1):
            print(f"{name}: diff-specs failed:\n{proc.stderr}", file=sys.stderr)
            return 2
    load_before = os.getloadavg()
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(args.rounds):
        for name, src in sides.items():
            wall, proc = run_once(src, args.ref)
            if "read from the cache" not in proc.stderr:
                print(f"{name}: the baseline was not read from the cache:\n{proc.stderr}", file=sys.stderr)
                return 2
            times[name].append(wall)
    load_after = os.getloadavg()
    print(f"diff-specs warm on the Trading API (--baseline {args.ref}), {args.rounds} interleaved "
          f"rounds, {os.cpu_count()} CPUs; load average {load_before[0]:.2f} before, "
          f"{load_after[0]:.2f} after")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:6} median {median:.2f} s  min {min(values):.2f}  max {max(values):.2f}  "
              f"runs {' '.join(f'{v:.2f}' for v in values)}  (target < {TARGET} s: "
              f"{'met' if median < TARGET else 'missed'})")
    if "before" in times:
        ratio = statistics.median(times["after"]) / statistics.median(times["before"])
        print(f"  after / before = {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
