"""Benchmark `refactor-tools check-boundaries` against import-linter and tach on sympy.

Run from the repository root with the project's venv:

    .venv/bin/python benchmarks/boundaries/bench.py [--rounds 5]

It creates `benchmarks/boundaries/.venv` (sympy, import-linter, tach; pinned), copies sympy's
source into `benchmarks/boundaries/.work/`, runs every tool interleaved in one session, and
writes medians, ratios, peak memory and the pair comparisons to RESULTS.md beside this file.
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
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
VENV = HERE / ".venv"
WORK = HERE / ".work"
PINS = ["sympy==1.14.0", "import-linter==2.16", "tach==0.35.3"]
OURS = Path(sys.executable).parent / "refactor-tools"
BENCH_PY = VENV / "bin" / "python"
# The most imported subpackages are allowed in the "report" project, leaving ~700 violations.
REPORT_ALLOW = [
    "core", "functions", "matrices", "utilities", "testing", "simplify", "polys", "abc", "physics",
    "sets", "stats", "tensor", "printing", "concrete", "external", "codegen", "series", "integrals",
    "logic",
]


def ensure_venv() -> None:
    """Create the benchmark's own venv with the pinned tools, once."""
    if (VENV / ".installed").exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(BENCH_PY), "-m", "pip", "install", "-q", *PINS], check=True)
    (VENV / ".installed").write_text("\n".join(PINS) + "\n")


def rule_toml(mode: str, allow: list[str] | None = None) -> str:
    """Return a pyproject with one sibling-independence rule over sympy's top-level children."""
    lines = [
        "[tool.refactor-tools]", 'package = "sympy"', 'source = "src"', "",
        "[tool.refactor-tools.boundaries]", "[[tool.refactor-tools.boundaries.rules]]",
        'id = "siblings"', 'from = "{m}.**"', 'forbid = ["{other}.**"]', f'mode = "{mode}"',
    ]
    if allow:
        lines.append("allow = [" + ", ".join(f'"{name}.**"' for name in allow) + "]")
    return "\n".join(lines) + "\n"


def prepare() -> tuple[Path, Path, Path, list[str]]:
    """Copy sympy into .work and write every tool's configuration; return the project dirs."""
    direct, transitive, report = WORK / "sympy", WORK / "sympy-transitive", WORK / "sympy-report"
    source = Path(
        subprocess.run(
            [str(BENCH_PY), "-c", "import sympy, os; print(os.path.dirname(sympy.__file__))"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )
    if not (direct / "src" / "sympy").exists():
        shutil.copytree(source, direct / "src" / "sympy", ignore=shutil.ignore_patterns("__pycache__"))
    package = direct / "src" / "sympy"
    children = sorted(
        name[:-3] if name.endswith(".py") else name
        for name in os.listdir(package)
        if name != "__init__.py"
        and (name.endswith(".py") or (package / name / "__init__.py").exists())
    )
    (direct / "pyproject.toml").write_text(rule_toml("direct"))
    (direct / ".importlinter").write_text(
        "[importlinter]\nroot_package = sympy\n\n[importlinter:contract:siblings]\nname = siblings\n"
        "type = independence\nmodules =\n" + "".join(f"    sympy.{c}\n" for c in children)
    )
    (direct / "tach.toml").write_text(
        'source_roots = ["src"]\nexact = false\nignore_type_checking_imports = false\n\n'
        + "".join(f'[[modules]]\npath = "sympy.{c}"\ndepends_on = []\n\n' for c in children)
    )
    for project, text in ((transitive, rule_toml("transitive")), (report, rule_toml("direct", REPORT_ALLOW))):
        project.mkdir(parents=True, exist_ok=True)
        if not (project / "src").exists():
            (project / "src").symlink_to(Path("..") / "sympy" / "src")
        (project / "pyproject.toml").write_text(text)
    return direct, transitive, report, children


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, str]:
    """Run a command; return wall seconds, peak RSS in MB and stdout.

    Peak RSS comes from GNU time when present: a child's own rusage would also count the
    benchmark process's memory, which Linux carries over when the child is vforked.
    """
    gnu_time = shutil.which("time")
    report = WORK / "maxrss.txt"
    wrapped = [gnu_time, "-f", "%M", "-o", str(report), *command] if gnu_time else command
    start = time.perf_counter()
    proc = subprocess.Popen(wrapped, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if gnu_time:
        kilobytes = int(report.read_text().strip().splitlines()[-1])
    else:
        kilobytes = usage.ru_maxrss
    return seconds, kilobytes // 1024, out


def run_rounds(direct: Path, report: Path, rounds: int) -> dict[str, list[tuple[float, int]]]:
    """Run every tool once per round, interleaved; return (seconds, MB) per label."""
    il_env = {**os.environ, "PYTHONPATH": "src"}
    ours = [str(OURS), "check-boundaries"]
    steps = [
        ("refactor-tools cold", lambda: shutil.rmtree(direct / ".refactor-tools", ignore_errors=True), ours, direct, None),
        ("refactor-tools warm", None, ours, direct, None),
        ("lint-imports cold", lambda: shutil.rmtree(direct / ".import_linter_cache", ignore_errors=True),
         [str(VENV / "bin" / "lint-imports")], direct, il_env),
        ("lint-imports warm", None, [str(VENV / "bin" / "lint-imports")], direct, il_env),
        ("tach check", None, [str(VENV / "bin" / "tach"), "check", "--dependencies"], direct, None),
        ("refactor-tools ~700 violations warm", None, [*ours, "--max-details", "100000"], report, None),
    ]
    subprocess.run([*ours, "--project", str(report)], capture_output=True)  # warm the report's cache
    results: dict[str, list[tuple[float, int]]] = {label: [] for label, *_ in steps}
    for index in range(rounds):
        for label, before, command, cwd, env in steps:
            if before:
                before()
            seconds, mb, _ = timed(command, cwd, env)
            results[label].append((seconds, mb))
            print(f"round {index + 1}/{rounds} {label}: {seconds:.2f} s, {mb} MB", file=sys.stderr)
    return results


def module_of(path: str) -> str:
    """Return the dotted module of a path like src/sympy/core/basic.py."""
    parts = path[len("src/"):-3].split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def compare_pairs(direct: Path, transitive: Path) -> dict[str, object]:
    """Compare violating (importer, imported) pairs: direct vs tach, transitive vs import-linter."""
    ours_direct = json.loads(subprocess.run([str(OURS), "check-boundaries", "--format", "json"], cwd=direct,
                                            capture_output=True, text=True).stdout)
    ours_trans = json.loads(subprocess.run([str(OURS), "check-boundaries", "--format", "json"], cwd=transitive,
                                           capture_output=True, text=True).stdout)
    tach = json.loads(subprocess.run([str(VENV / "bin" / "tach"), "check", "--dependencies", "--output", "json"],
                                     cwd=direct, capture_output=True, text=True).stdout)
    il = json.loads(subprocess.run([str(BENCH_PY), str(HERE / "il_pairs.py")], cwd=direct,
                                   env={**os.environ, "PYTHONPATH": "src"}, capture_output=True, text=True).stdout)
    modules = {module_of(str(p.relative_to(direct)).replace(os.sep, "/")) for p in (direct / "src" / "sympy").rglob("*.py")}

    def resolve(name: str) -> str:
        parts = name.split(".")
        while parts and ".".join(parts) not in modules:
            parts.pop()
        return ".".join(parts) or name

    skipped = {g["path"] for g in ours_direct["guards"] if g["kind"] == "skipped-file"}
    tach_pairs, tach_in_skipped = set(), set()
    for item in tach:
        located = item.get("Located", {})
        code = located.get("details", {}).get("Code", {}).get("UndeclaredDependency")
        if code:
            pair = (module_of(located["file_path"]), resolve(code["dependency"]))
            (tach_in_skipped if located["file_path"] in skipped else tach_pairs).add(pair)
    ours_d = {(v["importer"], v["imported"]) for v in ours_direct["new"]}
    ours_t = {(v["importer"], v["imported"]) for v in ours_trans["new"]}
    il_pairs = {tuple(p) for p in il}
    return {
        "direct_ours": len(ours_d), "direct_tach": len(tach_pairs), "direct_equal": ours_d == tach_pairs,
        "direct_only_ours": len(ours_d - tach_pairs), "direct_only_tach": len(tach_pairs - ours_d),
        "tach_pairs_in_skipped_files": len(tach_in_skipped), "skipped_files": len(skipped),
        "direct_violations": len(ours_direct["new"]),
        "transitive_ours": len(ours_t), "transitive_import_linter": len(il_pairs),
        "transitive_equal": ours_t == il_pairs,
        "transitive_only_ours": len(ours_t - il_pairs), "transitive_only_import_linter": len(il_pairs - ours_t),
        "modules": ours_direct["counts"]["modules"],
    }


def write_results(results, pairs, report_count, rounds, load_before, load_after) -> str:
    """Return RESULTS.md: medians, ratios, memory, pair equality, conditions."""
    med = {label: statistics.median(s for s, _ in runs) for label, runs in results.items()}
    mem = {label: max(mb for _, mb in runs) for label, runs in results.items()}
    ours_mem = max(mem[label] for label in mem if label.startswith("refactor-tools"))
    checks = [
        ("warm <= 1/5 of import-linter warm", med["refactor-tools warm"] / med["lint-imports warm"], 0.2),
        ("warm <= 1/3 of tach", med["refactor-tools warm"] / med["tach check"], 1 / 3),
        ("cold no slower than import-linter cold", med["refactor-tools cold"] / med["lint-imports cold"], 1.0),
    ]
    lines = [
        "# check-boundaries benchmark (sympy)", "",
        "Generated by `.venv/bin/python benchmarks/boundaries/bench.py"
        f" --rounds {rounds}`. Tools: {', '.join(PINS)}; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} before / {load_after:.1f} after "
        "(a shared machine: compare ratios, not absolute times).", "",
        f"Project: sympy, {pairs['modules']} modules; one rule: every top-level child of `sympy` is "
        "independent of its siblings (`from = \"{m}.**\"`, `forbid = [\"{other}.**\"]`; import-linter "
        "`independence` contract, tach modules with `depends_on = []`). Runs interleaved, one "
        f"session, {rounds} rounds; wall time medians; peak RSS is the maximum over rounds.", "",
        "| run | median s | peak MB |", "| --- | ---: | ---: |",
    ]
    lines += [f"| {label} | {med[label]:.2f} | {mem[label]} |" for label in results]
    lines += ["", "| target | ratio | limit | met |", "| --- | ---: | ---: | --- |"]
    lines += [f"| {name} | {ratio:.3f} | {limit:.3f} | {'yes' if ratio <= limit else 'NO'} |" for name, ratio, limit in checks]
    report_s = med["refactor-tools ~700 violations warm"]
    lines += [
        f"| ~700-violation report warm <= 1 s ({report_count} violations, all listed) | {report_s:.2f} s | 1 s | {'yes' if report_s <= 1 else 'NO'} |",
        f"| peak memory of refactor-tools <= 100 MB | {ours_mem} MB | 100 MB | {'yes' if ours_mem <= 100 else 'NO'} |",
        "", "## Same answers", "",
        f"- Direct mode vs tach: {pairs['direct_ours']} (importer, imported) pairs ours, {pairs['direct_tach']} tach's "
        f"on files in the graph; equal: **{pairs['direct_equal']}** (only ours {pairs['direct_only_ours']}, only tach "
        f"{pairs['direct_only_tach']}). tach also reports {pairs['tach_pairs_in_skipped_files']} pairs from the "
        f"{pairs['skipped_files']} files in folders without `__init__.py`, which grimp does not see; we report "
        "those files as `skipped-file` guards instead.",
        f"- Transitive mode vs import-linter: {pairs['transitive_ours']} pairs ours, "
        f"{pairs['transitive_import_linter']} import-linter's (heads x tails of every route); equal: "
        f"**{pairs['transitive_equal']}** (only ours {pairs['transitive_only_ours']}, only import-linter "
        f"{pairs['transitive_only_import_linter']}).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    """Set up, run, compare, write RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    ensure_venv()
    direct, transitive, report, _children = prepare()
    load_before = os.getloadavg()[0]
    results = run_rounds(direct, report, args.rounds)  # first, while this process is small
    pairs = compare_pairs(direct, transitive)
    report_json = json.loads(subprocess.run([str(OURS), "check-boundaries", "--format", "json"], cwd=report,
                                            capture_output=True, text=True).stdout)
    text = write_results(results, pairs, report_json["counts"]["violations"], args.rounds, load_before, os.getloadavg()[0])
    (HERE / "RESULTS.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
