"""Move 10 functions out of one large Django module with refactor-tools and rope's MoveGlobal.

Run with the project's interpreter from the repository root:
    python benchmarks/codemods/bench_symbols.py [--repeat N] [--repeat-slow N]
It reuses bench.py's set-up (benchmarks/codemods/.venv with rope, .work with Django's sdist),
times both tools in this one session, checks each result (references left to the old
location, compileall, modules that imported before the move and no longer do) and writes
RESULTS-symbols.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from bench import HERE, VENV, fresh_copy, setup, timed
from verify import import_failures, symbol_leftovers

OLD = "django.utils.http"
NEW = "django.utils.webformats"
NAMES = (
    "http_date", "parse_http_date", "parse_http_date_safe", "base36_to_int", "int_to_base36",
    "urlsafe_base64_encode", "urlsafe_base64_decode", "parse_etags", "quote_etag", "is_same_domain",
)

ROPE_SCRIPT = """
import sys
from rope.base.project import Project
from rope.refactor.move import MoveGlobal
project = Project(sys.argv[1], ropefolder=None)
names = sys.argv[2].split(",")
for name in names:
    resource = project.get_resource("django/utils/http.py")
    offset = resource.read().index("def " + name + "(") + len("def ")
    mover = MoveGlobal(project, resource, offset)
    project.do(mover.get_changes(project.get_resource("django/utils/webformats.py")))
project.close()
"""


def run_ours(root: Path) -> tuple[float, float]:
    exe = Path(sys.executable).with_name("refactor-tools")
    spec = f"{OLD}:{','.join(NAMES)}"
    return timed([str(exe), "move", spec, NEW, "--no-shim", "--project", str(root)], root)


def run_rope(root: Path) -> tuple[float, float]:
    (root / "django/utils/webformats.py").write_text("")
    return timed([str(VENV / "bin/python"), "-c", ROPE_SCRIPT, str(root), ",".join(NAMES)], root)


TOOLS = {"refactor-tools": run_ours, "rope MoveGlobal": run_rope}


def check(root: Path, baseline_failures: set[str]) -> dict[str, object]:
    comp = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(root / "django")], capture_output=True, text=True, check=False
    )
    broken = sorted(import_failures(root, str(VENV / "bin/python")) - baseline_failures)
    return {
        "leftovers": symbol_leftovers(root / "django", OLD, NAMES),
        "compileall": comp.returncode == 0,
        "broken": broken,
        "moved": all(f"def {n}(" in (root / "django/utils/webformats.py").read_text() for n in NAMES),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5, help="runs of refactor-tools")
    parser.add_argument("--repeat-slow", type=int, default=3, help="runs of rope")
    args = parser.parse_args()
    pristine = setup()
    subprocess.run([str(VENV / "bin/pip"), "install", "-q", "asgiref", "sqlparse"], check=True)
    baseline = import_failures(pristine.parent, str(VENV / "bin/python"))
    rows = {}
    order = [(name, i) for i in range(max(args.repeat, args.repeat_slow)) for name in TOOLS]
    walls: dict[str, list[float]] = {n: [] for n in TOOLS}
    cpus: dict[str, list[float]] = {n: [] for n in TOOLS}
    checks: dict[str, dict[str, object]] = {}
    for name, i in order:  # interleaved rounds: both tools see the same machine load
        if i >= (args.repeat if name == "refactor-tools" else args.repeat_slow):
            continue
        root = fresh_copy(pristine, f"sym-{name.split()[0]}")
        wall, cpu = TOOLS[name](root)
        walls[name].append(wall)
        cpus[name].append(cpu)
        print(f"{name} run {i + 1}: {wall:.2f}s wall, {cpu:.2f}s cpu", file=sys.stderr, flush=True)
        if name not in checks:
            checks[name] = check(root, baseline)
    for name in TOOLS:
        rows[name] = (statistics.median(walls[name]), statistics.median(cpus[name]), len(walls[name]), checks[name])
    write_results(rows)
    return 0


def write_results(rows) -> None:  # type: ignore[no-untyped-def]
    ours_wall, ours_cpu = rows["refactor-tools"][0], rows["refactor-tools"][1]
    lines = [
        "# Codemods benchmark: a symbol move",
        "",
        f"Move {len(NAMES)} functions ({', '.join(NAMES)}) from `{OLD}` to the new module `{NEW}` "
        "in Django 5.1.4's sources, in one session on this machine, rounds interleaved. Median of N "
        "runs; wall time is the elapsed time of the command, CPU the user+system time of it and its "
        "workers. rope moves one global per refactoring, so its script does ten.",
        "",
        "| Tool | N | median wall (s) | median CPU (s) | wall ratio | CPU ratio | all moved | "
        "references left | compileall | modules that no longer import |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, (wall, cpu, n, c) in rows.items():
        lines.append(
            f"| {name} | {n} | {wall:.2f} | {cpu:.2f} | {wall / ours_wall:.1f}x | {cpu / ours_cpu:.1f}x | "
            f"{'yes' if c['moved'] else 'NO'} | {len(c['leftovers'])} | "
            f"{'clean' if c['compileall'] else 'ERRORS'} | {len(c['broken'])} |"
        )
    lines += ["", "Ratios are the other tool's median over refactor-tools' median (higher = we are faster).", ""]
    for name, (_w, _c, _n, c) in rows.items():
        for item in c["leftovers"][:5]:
            lines.append(f"- {name}, reference left: `{item}`")
        for item in c["broken"][:5]:
            lines.append(f"- {name}, no longer imports: `{item}`")
    (HERE / "RESULTS-symbols.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print((HERE / "RESULTS-symbols.md").read_text())


if __name__ == "__main__":
    sys.exit(main())
