"""Benchmark `refactor-tools check-boundaries` against import-linter and tach on sympy.

Run from the repository root with the project's venv:

    .venv/bin/python benchmarks/boundaries/bench.py [--rounds 5]

It creates `benchmarks/boundaries/.venv` (sympy, import-linter, tach; pinned), copies sympy's
source into `benchmarks/boundaries/.work/`, runs every tool interleaved in one session, and
writes medians, ratios, peak memory and the pair comparisons to RESULTS.md beside this file.

Two configurations, each given to all three tools:
- clean: a layers contract that passes (a few top-level packages nobody imports, above
  `sympy.core`, above `sympy.release`); runs cold, warm and after touching one file;
- heavy: every top-level child independent of its siblings (~11,000 direct violations).
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
# The clean layers contract, top to bottom. Nothing imports the top layer's packages, and
# `sympy.release` imports nothing, so it passes in every tool; checking it still means
# following every chain out of `sympy.core` (import-linter) or every direct import (tach).
TOP_LAYER = ["benchmarks", "conftest", "crypto", "galgebra", "holonomic", "this", "unify"]
TOUCHED = "src/sympy/core/basic.py"  # the file edited before each touch-one-file run
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
    write_clean(WORK / "sympy-clean", direct / "src")
    for project, text in ((transitive, rule_toml("transitive")), (report, rule_toml("direct", REPORT_ALLOW))):
        project.mkdir(parents=True, exist_ok=True)
        if (project / "src").is_symlink():  # older runs linked it; a source outside the project is refused
            (project / "src").unlink()
        if not (project / "src").exists():
            # Hard links: a real tree inside the project at no disk cost (these copies are never edited).
            shutil.copytree(direct / "src", project / "src", copy_function=os.link,
                            ignore=shutil.ignore_patterns("__pycache__"))
        (project / "pyproject.toml").write_text(text)
    return direct, transitive, report, children


def _pattern(name: str) -> str:
    return name if name in ("conftest", "galgebra", "this", "release") else f"{name}.**"


def write_clean(project: Path, source: Path) -> None:
    """Write the clean layers contract for all three tools into `project` (a real copy of the
    source: tach does not follow a symlinked source root)."""
    if not (project / "src" / "sympy").exists():
        shutil.copytree(source, project / "src", ignore=shutil.ignore_patterns("__pycache__"))
    top = [_pattern(name) for name in TOP_LAYER]
    lines = [
        "[tool.refactor-tools]", 'package = "sympy"', 'source = "src"', "",
        "[tool.refactor-tools.boundaries]",
        'skipped-files = "warn"  # 16 files in folders without __init__.py (tach sees them; grimp does not)', "",
        "[[tool.refactor-tools.boundaries.rules]]", 'id = "core-below-top"', 'from = "core.**"',
        "forbid = [" + ", ".join(f'"{p}"' for p in top) + "]", 'mode = "transitive"', "",
        "[[tool.refactor-tools.boundaries.rules]]", 'id = "release-below-core"', 'from = "release"',
        "forbid = [" + ", ".join(f'"{p}"' for p in ["core.**", *top]) + "]", 'mode = "transitive"',
    ]
    (project / "pyproject.toml").write_text("\n".join(lines) + "\n")
    (project / ".importlinter").write_text(
        "[importlinter]\nroot_package = sympy\n\n[importlinter:contract:layers]\nname = layers\ntype = layers\n"
        "layers =\n    " + " : ".join(f"sympy.{name}" for name in TOP_LAYER) + "\n    sympy.core\n    sympy.release\n"
    )
    modules = "".join(f'[[modules]]\npath = "sympy.{name}"\nlayer = "top"\n\n' for name in TOP_LAYER)
    modules += '[[modules]]\npath = "sympy.core"\nlayer = "core"\n\n[[modules]]\npath = "sympy.release"\nlayer = "bottom"\n'
    (project / "tach.toml").write_text(
        'source_roots = ["src"]\nexact = false\nignore_type_checking_imports = false\n'
        'layers = ["top", "core", "bottom"]\n\n' + modules
    )


def child_env(extra: dict | None = None) -> dict:
    """Return the environment of every timed run: bytecode caches allowed (as for a user),
    kept under .work/ so the copies stay clean."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    return {**env, **(extra or {})}


def touch(project: Path, counter: list[int]) -> None:
    """Change one file's content (a new comment line each time), as an edit before a commit."""
    counter[0] += 1
    path = project / TOUCHED
    text = path.read_text()
    marker = "\n# benchmark touch "
    text = text.split(marker)[0] + f"{marker}{counter[0]}\n"
    path.write_text(text)


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


def run_rounds(direct: Path, clean: Path, report: Path, rounds: int) -> dict[str, list[tuple[float, int]]]:
    """Run every step once per round, interleaved; return (seconds, MB) per label."""
    il_env = child_env({"PYTHONPATH": "src"})
    env = child_env()
    ours = [str(OURS), "check-boundaries"]
    lint = [str(VENV / "bin" / "lint-imports")]
    tach = [str(VENV / "bin" / "tach"), "check", "--dependencies"]
    edits = [0]

    def cold(project: Path, cache: str):
        return lambda: shutil.rmtree(project / cache, ignore_errors=True)

    steps = [
        ("clean: refactor-tools cold", cold(clean, ".refactor-tools"), ours, clean, env),
        ("clean: lint-imports cold", cold(clean, ".import_linter_cache"), lint, clean, il_env),
        ("clean: refactor-tools warm", None, ours, clean, env),
        ("clean: lint-imports warm", None, lint, clean, il_env),
        ("clean: tach check", None, tach, clean, env),
        ("clean: refactor-tools touch-one-file", lambda: touch(clean, edits), ours, clean, env),
        ("clean: lint-imports touch-one-file", lambda: touch(clean, edits), lint, clean, il_env),
        ("heavy: refactor-tools cold", cold(direct, ".refactor-tools"), ours, direct, env),
        ("heavy: refactor-tools warm", None, ours, direct, env),
        ("heavy: lint-imports cold", cold(direct, ".import_linter_cache"), lint, direct, il_env),
        ("heavy: lint-imports warm", None, lint, direct, il_env),
        ("heavy: tach check", None, tach, direct, env),
        ("heavy: refactor-tools ~700 violations warm", None, [*ours, "--max-details", "100000"], report, env),
    ]
    for project, command, run_env in ((report, ours, env), (clean, ours, env), (direct, ours, env),
                                      (clean, lint, il_env), (clean, tach, env)):
        done = subprocess.run(command, cwd=project, env=run_env, capture_output=True, text=True)  # caches, bytecode
        if done.returncode not in (0, 1):  # 1: violations found; anything else did not check at all
            raise SystemExit(f"{' '.join(command)} in {project} exited {done.returncode}:\n{done.stderr[-2000:]}")
    results: dict[str, list[tuple[float, int]]] = {label: [] for label, *_ in steps}
    for index in range(rounds):
        for label, before, command, cwd, run_env in steps:
            if before:
                before()
            seconds, mb, _ = timed(command, cwd, run_env)
            results[label].append((seconds, mb))
            print(f"round {index + 1}/{rounds} {label}: {seconds:.2f} s, {mb} MB", file=sys.stderr)
    return results


def clean_verdicts(clean: Path) -> dict[str, int]:
    """Return each tool's exit code on the clean contract (0 everywhere: it passes)."""
    runs = {
        "refactor-tools": ([str(OURS), "check-boundaries"], child_env()),
        "lint-imports": ([str(VENV / "bin" / "lint-imports")], child_env({"PYTHONPATH": "src"})),
        "tach": ([str(VENV / "bin" / "tach"), "check", "--dependencies"], child_env()),
    }
    return {name: subprocess.run(cmd, cwd=clean, env=env, capture_output=True).returncode for name, (cmd, env) in runs.items()}


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


def write_results(results, pairs, report_count, rounds, load_before, load_after, verdicts) -> str:
    """Return RESULTS.md: medians, ratios (each naming its configuration), memory, pair
    equality, conditions."""
    med = {label: statistics.median(s for s, _ in runs) for label, runs in results.items()}
    mem = {label: max(mb for _, mb in runs) for label, runs in results.items()}
    ours_mem = max(mem[label] for label in mem if "refactor-tools" in label)

    def ratio(config: str, ours: str, theirs: str) -> float:
        return med[f"{config}: refactor-tools {ours}"] / med[f"{config}: {theirs}"]

    checks = [
        ("clean", "warm <= 1/3 of import-linter warm", ratio("clean", "warm", "lint-imports warm"), 1 / 3),
        ("clean", "warm <= 1/3 of tach", ratio("clean", "warm", "tach check"), 1 / 3),
        ("clean", "touch-one-file <= 1/2 of import-linter touch-one-file",
         ratio("clean", "touch-one-file", "lint-imports touch-one-file"), 1 / 2),
        ("clean", "cold no slower than import-linter cold", ratio("clean", "cold", "lint-imports cold"), 1.0),
        ("heavy", "warm <= 1/5 of import-linter warm", ratio("heavy", "warm", "lint-imports warm"), 0.2),
        ("heavy", "warm <= 1/3 of tach", ratio("heavy", "warm", "tach check"), 1 / 3),
        ("heavy", "cold no slower than import-linter cold", ratio("heavy", "cold", "lint-imports cold"), 1.0),
    ]
    lines = [
        "# check-boundaries benchmark (sympy)", "",
        "Generated by `.venv/bin/python benchmarks/boundaries/bench.py"
        f" --rounds {rounds}`. Tools: {', '.join(PINS)}; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} before / {load_after:.1f} after "
        "(a shared machine: compare ratios, not absolute times).", "",
        f"Project: sympy, {pairs['modules']} modules. Runs interleaved (each round runs every step once), "
        f"one session, {rounds} rounds; wall time medians; peak RSS is the maximum over rounds. Bytecode "
        "caches are allowed for every tool (`PYTHONPYCACHEPREFIX` under `.work/`).", "",
        "- **clean**: one layers contract that passes, the same for all three tools: "
        + " : ".join(f"sympy.{name}" for name in TOP_LAYER) + " above `sympy.core` above `sympy.release` "
        "(import-linter `layers` with a non-independent top layer; tach `layers` with `layer =` on each "
        "module, direct imports only; ours two `transitive` rules, `skipped-files = \"warn\"`). "
        f"Exit codes on it: {', '.join(f'{k} {v}' for k, v in sorted(verdicts.items()))}. "
        f"*touch-one-file*: `{TOUCHED}` gets a new comment line before each run (a content change; "
        "each tool sees that one file changed since its own last run).",
        "- **heavy**: every top-level child of `sympy` independent of its siblings (`from = \"{m}.**\"`, "
        "`forbid = [\"{other}.**\"]`, direct; import-linter `independence` contract, transitive; tach modules "
        "with `depends_on = []`). import-linter spends most of its time rendering ~17,000 violations here.", "",
        "| run | median s | peak MB |", "| --- | ---: | ---: |",
    ]
    lines += [f"| {label} | {med[label]:.2f} | {mem[label]} |" for label in results]
    lines += ["", "| config | target | ratio | limit | met |", "| --- | --- | ---: | ---: | --- |"]
    lines += [
        f"| {config} | {name} | {value:.3f} | {limit:.3f} | {'yes' if value <= limit else 'NO'} |"
        for config, name, value, limit in checks
    ]
    report_s = med["heavy: refactor-tools ~700 violations warm"]
    lines += [
        f"| heavy | ~700-violation report warm <= 1 s ({report_count} violations, all listed) | {report_s:.2f} s | 1 s | {'yes' if report_s <= 1 else 'NO'} |",
        f"| all | peak memory of refactor-tools <= 100 MB | {ours_mem} MB | 100 MB | {'yes' if ours_mem <= 100 else 'NO'} |",
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
    clean = WORK / "sympy-clean"
    load_before = os.getloadavg()[0]
    results = run_rounds(direct, clean, report, args.rounds)  # first, while this process is small
    load_after = os.getloadavg()[0]
    verdicts = clean_verdicts(clean)
    pairs = compare_pairs(direct, transitive)
    report_json = json.loads(subprocess.run([str(OURS), "check-boundaries", "--format", "json"], cwd=report,
                                            capture_output=True, text=True).stdout)
    text = write_results(results, pairs, report_json["counts"]["violations"], args.rounds, load_before, load_after, verdicts)
    (HERE / "RESULTS.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
