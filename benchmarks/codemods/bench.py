"""Move django.core.exceptions to a new package with refactor-tools, libcst and rope; compare.

Run with the project's interpreter from the repository root:
    python benchmarks/codemods/bench.py [--repeat N] [--repeat-slow N]
It creates benchmarks/codemods/.venv (libcst + rope) and .work (the Django sdist) on first use,
times every tool in this one session, checks each result (ast scan for references left to the
old path, compileall, only import lines and string literals changed) and writes RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from verify import changed_lines_outside_imports_and_strings, leftovers

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
VENV = HERE / ".venv"
DJANGO = "5.1.4"
OLD, NEW_PACKAGE = "django.core.exceptions", "django.errors"
NEW = f"{NEW_PACKAGE}.exceptions"

ROPE_SCRIPT = """
import sys
from rope.base.project import Project
from rope.refactor.move import MoveModule
project = Project(sys.argv[1], ropefolder=None)
resource = project.get_resource("django/core/exceptions.py")
project.do(MoveModule(project, resource).get_changes(project.get_resource("django/errors")))
project.close()
"""


def setup() -> Path:
    """Create the benchmark venv and unpack Django's sdist; return the pristine tree."""
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin/pip"), "install", "-q", "libcst", "rope"], check=True)
    WORK.mkdir(exist_ok=True)
    sdist = WORK / f"Django-{DJANGO}.tar.gz"
    if not sdist.exists():
        subprocess.run(
            [str(VENV / "bin/pip"), "download", "-q", "--no-deps", "--no-binary", ":all:",
             f"django=={DJANGO}", "-d", str(WORK)],
            check=True,
        )
    pristine = WORK / f"Django-{DJANGO}"
    if not pristine.exists():
        with tarfile.open(sdist) as tar:
            tar.extractall(WORK, filter="data")
    return pristine / "django"


def fresh_copy(pristine: Path, name: str) -> Path:
    """Copy the django package into a clean work tree with the new package created."""
    root = WORK / name
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    shutil.copytree(pristine, root / "django")
    (root / "pyproject.toml").write_text(
        '[tool.refactor-tools]\npackage = "django"\nsource = "."\n', encoding="utf-8"
    )
    return root


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command; return (wall seconds, child CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run_ours(root: Path) -> tuple[float, float]:
    exe = Path(sys.executable).with_name("refactor-tools")
    return timed([str(exe), "move", OLD, NEW, "--no-shim", "--project", str(root)], root)


def run_libcst(root: Path) -> tuple[float, float]:
    (root / "django/errors").mkdir()
    (root / "django/errors/__init__.py").write_text("")
    result = timed(
        [str(VENV / "bin/python"), "-m", "libcst.tool", "codemod", "rename.RenameCommand",
         "--old_name", OLD, "--new_name", NEW, "--jobs", "2", "--no-format", "--hide-progress",
         "django"],
        root,
    )
    # RenameCommand only rewrites references; the file move itself is free.
    os.replace(root / "django/core/exceptions.py", root / "django/errors/exceptions.py")
    return result


def run_rope(root: Path) -> tuple[float, float]:
    (root / "django/errors").mkdir()
    (root / "django/errors/__init__.py").write_text("")
    return timed([str(VENV / "bin/python"), "-c", ROPE_SCRIPT, str(root)], root)


TOOLS = {"refactor-tools": run_ours, "libcst RenameCommand": run_libcst, "rope MoveModule": run_rope}


def check(root: Path, pristine: Path) -> dict[str, object]:
    """Return the correctness checks of one result tree."""
    comp = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(root / "django")],
        capture_output=True, text=True, check=False,
    )
    left = leftovers(root / "django", OLD)
    outside = changed_lines_outside_imports_and_strings(pristine, root / "django", {"core/exceptions.py": "errors/exceptions.py"})
    return {"leftovers": left, "compileall": comp.returncode == 0, "outside": outside}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5, help="runs of refactor-tools")
    parser.add_argument("--repeat-slow", type=int, default=1, help="runs of libcst and rope")
    args = parser.parse_args()
    pristine = setup()
    files = sum(1 for _ in pristine.rglob("*.py"))
    rows = {}
    for name, fn in TOOLS.items():
        n = args.repeat if name == "refactor-tools" else args.repeat_slow
        walls, cpus, checks = [], [], None
        for i in range(n):
            root = fresh_copy(pristine, f"run-{name.split()[0]}")
            wall, cpu = fn(root)
            walls.append(wall)
            cpus.append(cpu)
            print(f"{name} run {i + 1}: {wall:.2f}s wall, {cpu:.2f}s cpu", file=sys.stderr, flush=True)
            if checks is None:
                checks = check(root, pristine)
        rows[name] = (statistics.median(walls), statistics.median(cpus), n, checks)
    write_results(rows, files)
    return 0


def write_results(rows, files: int) -> None:  # type: ignore[no-untyped-def]
    ours_wall, ours_cpu = rows["refactor-tools"][0], rows["refactor-tools"][1]
    lines = [
        "# Codemods benchmark",
        "",
        f"Move `{OLD}` to the new package `{NEW_PACKAGE}` in Django {DJANGO}'s sources "
        f"({files} .py files), in one session on this machine. Median of N runs; wall time is "
        "the elapsed time of the command, CPU the user+system time of it and its workers.",
        "",
        "| Tool | N | median wall (s) | median CPU (s) | wall ratio | CPU ratio | "
        "references left (ast) | compileall | changed lines outside imports/strings |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, (wall, cpu, n, checks) in rows.items():
        ratio = wall / ours_wall if ours_wall else float("nan")
        cpu_ratio = cpu / ours_cpu if ours_cpu else float("nan")
        lines.append(
            f"| {name} | {n} | {wall:.2f} | {cpu:.2f} | {ratio:.1f}x | {cpu_ratio:.1f}x | "
            f"{len(checks['leftovers'])} | "
            f"{'clean' if checks['compileall'] else 'ERRORS'} | {len(checks['outside'])} |"
        )
    lines += [
        "",
        "Ratios are the other tool's median over refactor-tools' median (higher = we are faster).",
        "",
        "Examples of references left / lines changed outside imports and strings (first 5 per tool):",
        "",
    ]
    for name, (_w, _c, _n, checks) in rows.items():
        for item in checks["leftovers"][:5]:
            lines.append(f"- {name}: `{item}`")
        for item in checks["outside"][:5]:
            lines.append(f"- {name} (changed outside imports/strings): `{item}`")
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print((HERE / "RESULTS.md").read_text())


if __name__ == "__main__":
    sys.exit(main())
