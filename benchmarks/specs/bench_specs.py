"""Benchmark diff-specs; compare its verdicts and speed with openapi-diff and @asyncapi/diff.

Run from the repository root with the project's venv:

    .venv/bin/python benchmarks/specs/bench_specs.py [--runs 7] [--no-npm] [--no-e2e]

Writes benchmarks/specs/RESULTS.md. The npm tools are installed into
benchmarks/specs/.work/ (git-ignored) when npm is available.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
WORK = HERE / ".work"
NPM_TIMEOUT = 120.0
NPM_PACKAGES = ("openapi-diff@0.24.1", "@asyncapi/diff@0.5.0", "@asyncapi/parser@3.6.6")

sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

from refactor_tools.specs import compare_documents, verdict_of  # noqa: E402


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


npm_pairs = _load(REPO / "tests" / "assets" / "specs" / "npm_pairs.py")


def median_time(fn, runs: int) -> tuple[float, object]:
    """Return the median wall time of `runs` calls and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def npm_ready() -> bool:
    """Install the npm tools into .work/ once; return False when npm is unusable."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        return False
    if (WORK / "node_modules" / "@asyncapi" / "diff").is_dir():
        return True
    WORK.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent",
                           "--prefix", str(WORK), *NPM_PACKAGES], capture_output=True, text=True)
    return proc.returncode == 0


def run_npm(pairs: list[dict], timeout: float = 1800) -> dict[str, dict]:
    """Run npm_diff.js over `pairs`; return name -> counts, verdict, seconds (or error).

    Raises:
        subprocess.TimeoutExpired: the tools ran longer than `timeout` seconds.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(pairs, fh)
    try:
        env = {**os.environ, "NODE_PATH": str(WORK / "node_modules")}
        proc = subprocess.run(["node", str(HERE / "npm_diff.js"), fh.name], capture_output=True,
                              text=True, env=env, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-2000:])
        return json.loads(proc.stdout)
    finally:
        os.unlink(fh.name)


def bench_synthetic(runs: int, use_npm: bool) -> list[str]:
    """Time the pure diff of two 500-operation documents, ours and (optionally) theirs."""
    lines = ["## Diff of two synthetic 500-operation documents", "",
             "Documents: `benchmarks/specs/synthetic.py` (500 operations over 120 component "
             "schemas nested up to 3 deep, 25 schema edits + removed operations; the 50-operation "
             "pair uses 12 schemas and 5 edits). Pure comparison; the npm tools also parse.", "",
             "| Document | Ops | Tool | Median (s) | Runs | Verdict | Findings |",
             "| --- | ---: | --- | ---: | ---: | --- | ---: |"]
    for kind, ops in (("openapi", 500), ("asyncapi", 500), ("openapi", 50), ("asyncapi", 50)):
        old = getattr(synthetic, kind)(ops, max(12, ops * 12 // 50))
        new = synthetic.mutate(old, kind, changes=25 if ops >= 500 else 5)
        ours_s, found = median_time(lambda: compare_documents(old, new, kind), runs)
        lines.append(f"| {kind} | {ops} | refactor-tools | {ours_s:.3f} | {runs} | "
                     f"{verdict_of(found)} | {len(found)} |")
        if use_npm:
            if kind == "openapi":
                pair = {"name": "s", "kind": kind, "old": npm_pairs.to_openapi30(old),
                        "new": npm_pairs.to_openapi30(new)}
            else:
                pair = {"name": "s", "kind": kind, "old": old, "new": new}
            theirs_runs = max(1, runs // 2)
            times, res = [], {}
            for _ in range(theirs_runs):
                try:
                    res = run_npm([pair], timeout=NPM_TIMEOUT)["s"]
                except subprocess.TimeoutExpired:
                    res = {"error": f"timed out after {NPM_TIMEOUT:.0f} s", "seconds": NPM_TIMEOUT}
                times.append(res["seconds"])
                if "error" in res:
                    break
            tool = "openapi-diff" if kind == "openapi" else "@asyncapi/diff (+parser)"
            med = statistics.median(times)
            verdict = res.get("verdict", "error: " + res.get("error", "?")[:60])
            count = sum(res.get(k, 0) for k in ("breaking", "nonBreaking", "unclassified"))
            lines.append(f"| {kind} | {ops} | {tool} | {med:.3f} | {len(times)} | {verdict} "
                         f"| {count} |")
            bound = ">= " if "timed out" in res.get("error", "") else ""
            lines.append(f"| {kind} | {ops} | ratio {tool} / ours | {bound}{med / ours_s:.0f}x "
                         "| | | |")
    return lines


def _copy_tree(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                           capture_output=True, text=True, check=True).stdout.split("\0")
    for rel in filter(None, files):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def _cli(root: Path, *args: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run the CLI; return wall seconds, CPU seconds (it and its children), the process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "refactor_tools", *args, "--project", str(root)],
                          capture_output=True, text=True, cwd=root)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def bench_e2e(runs: int) -> list[str]:
    """diff-specs on this repository's Trading API against a tag in a temporary repo."""
    import git

    lines = ["## End-to-end on the Trading API (this repository)", ""]
    with tempfile.TemporaryDirectory(prefix="specs-bench-") as tmp:
        root = Path(tmp) / "repo"
        root.mkdir()
        _copy_tree(root)
        repo = git.Repo.init(root)
        with repo.config_writer() as cfg:
            cfg.set_value("user", "name", "bench")
            cfg.set_value("user", "email", "bench@example.invalid")
        repo.git.add("-A")
        repo.index.commit("snapshot")
        repo.create_tag("bench-baseline")
        cache = root / ".refactor-tools" / "specs-cache"
        results: dict[str, list[float]] = {"export-specs": [], "cold": [], "warm": []}
        cpu: dict[str, list[float]] = {"export-specs": [], "cold": [], "warm": []}
        verdict = "?"
        out_dir = Path(tmp) / "out"
        load = os.getloadavg()[0]
        for _ in range(runs):
            wall, used, proc = _cli(root, "export-specs", "--out", str(out_dir))
            assert proc.returncode == 0, proc.stderr
            results["export-specs"].append(wall)
            cpu["export-specs"].append(used)
            shutil.rmtree(cache, ignore_errors=True)
            args = ("diff-specs", "--baseline", "bench-baseline", "--format", "json")
            wall, used, proc = _cli(root, *args)
            assert proc.returncode in (0, 1), proc.stderr
            results["cold"].append(wall)
            cpu["cold"].append(used)
            wall, used, proc = _cli(root, *args)
            results["warm"].append(wall)
            cpu["warm"].append(used)
            verdict = json.loads(proc.stdout)["verdict"]
        med = {k: statistics.median(v) for k, v in results.items()}
        cpu_med = {k: statistics.median(v) for k, v in cpu.items()}
    lines += [
        f"Tree: a copy of the working tree committed and tagged in a temp repository; "
        f"{runs} runs each, wall time of the whole CLI process and CPU time of it and its "
        f"children; verdict `{verdict}`; load average at start {load:.1f} on "
        f"{os.cpu_count()} CPUs.", "",
        "| Run | Median wall (s) | Min wall (s) | Max wall (s) | Median CPU (s) | Target (wall) |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    targets = {"export-specs": "-", "cold": "< 10 s", "warm": "< 3 s"}
    labels = {"export-specs": "export-specs (one generation, reference)",
              "cold": "diff-specs, cold cache (worktree + 2 generations in parallel)",
              "warm": "diff-specs, warm cache (1 generation)"}
    for key in ("export-specs", "cold", "warm"):
        lines.append(f"| {labels[key]} | {med[key]:.2f} | {min(results[key]):.2f} | "
                     f"{max(results[key]):.2f} | {cpu_med[key]:.2f} | {targets[key]} |")
    lines += ["", f"Ratios: cold / warm = {med['cold'] / med['warm']:.2f}x; "
                  f"warm / export-specs = {med['warm'] / med['export-specs']:.2f}x."]
    return lines


def verdict_table(use_npm: bool) -> list[str]:
    """Our verdict and the npm tools' verdict for every rule case."""
    pairs = npm_pairs.pairs()
    theirs = run_npm(pairs) if use_npm else {}
    lines = ["## Verdicts on the rule cases (tests/assets/specs)", "",
             "| Case | refactor-tools | openapi-diff / @asyncapi/diff | Same |",
             "| --- | --- | --- | --- |"]
    same = 0
    for pair in pairs:
        ours = verdict_of(compare_documents(pair["old"], pair["new"], pair["kind"]))
        other = theirs.get(pair["name"], {})
        verdict = other.get("verdict") or ("error" if "error" in other else "-")
        agree = ours == verdict
        same += agree
        lines.append(f"| `{pair['name']}` | {ours} | {verdict} | {'yes' if agree else '**no**'} |")
    lines += ["", f"Same verdict on {same} of {len(pairs)} cases."]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-npm", action="store_true")
    parser.add_argument("--no-e2e", action="store_true")
    args = parser.parse_args()
    use_npm = not args.no_npm and npm_ready()
    header = [
        "# diff-specs benchmark results", "",
        f"Generated by `benchmarks/specs/bench_specs.py` on {platform.machine()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs (shared with other jobs), "
        f"npm tools: {', '.join(NPM_PACKAGES) if use_npm else 'not run'}.", "",
    ]
    body = bench_synthetic(args.runs, use_npm)
    if not args.no_e2e:
        body += ["", *bench_e2e(max(3, args.runs // 2 + 1))]
    body += ["", *verdict_table(use_npm)]
    notes = (HERE / "NOTES.md").read_text(encoding="utf-8")
    text = "\n".join([*header, *body, "", notes.rstrip(), ""])
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
