"""Run a project's pytest in a subprocess and read its results from a JUnit XML report.

Public API:
    pytest_env(root, project_env) -> (env, added)    the child's environment and what we changed
    run_pytest(root, args, project_env={}, timeout=None, coverage=None, cache_dir=None) -> PytestResult
    parse_junit(path) -> tuple[CaseResult, ...]

Counts and failure reasons come from the report file (`--junit-xml`, family xunit1, which keeps
each test's file), never from the terminal summary: a reason is never cut at the terminal's
width, and a plugin that changes the summary line changes nothing here. The terminal output is
kept for what the report cannot hold (a usage error, a crash before collection).

Nothing is written into the project tree: bytecode goes to `PYTHONPYCACHEPREFIX` (a per-user
cache folder, shared by every project and run, so it stays warm; pytest's assertion-rewrite
cache follows it, unlike with `PYTHONDONTWRITEBYTECODE`, which makes every run re-rewrite every
plugin module), pytest's cache to `cache_dir`, the report and coverage data to a temporary
directory.

Start-up: pytest plugins that only matter to suites that use them (hypothesis, schemathesis:
about 1.5 s of imports per process) are disabled with `-p no:NAME` when no file of the project
mentions them (`unused_plugin_args`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .run import Completed, run_command, with_tool_path

SOURCE_PROPERTY = "app_source"
_DROP_ENV = ("PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST", "PYTEST_PLUGINS", "PYTHONDONTWRITEBYTECODE",
             "COV_CORE_SOURCE", "COV_CORE_CONFIG", "COV_CORE_DATAFILE")
_OUTCOME_ORDER = ("failed", "passed", "skipped", "errors")
_REASON_LINES = 200


@dataclass(frozen=True)
class CaseResult:
    """One test of the report."""

    nodeid: str
    outcome: str  # passed | failed | errors | skipped
    message: str = ""
    text: str = ""
    source: str | None = None  # the app source the test ran under (`--app-source both`)

    def reason(self) -> list[str]:
        """Return the failure's full reason: the message, then the report's traceback text."""
        lines = [self.message] if self.message else []
        body = self.text.rstrip().splitlines()
        if len(body) > _REASON_LINES:
            body = body[:_REASON_LINES // 2] + [f"... ({len(body) - _REASON_LINES} lines cut) ..."] + body[-_REASON_LINES // 2:]
        return lines + body


@dataclass(frozen=True)
class PytestResult:
    """One pytest process: its command, the environment we added, and the report's results."""

    command: tuple[str, ...]
    added_env: dict[str, str]
    returncode: int | None
    cases: tuple[CaseResult, ...]
    output: str
    duration: float
    timed_out: bool = False
    timeout: float | None = None
    report_found: bool = True
    coverage: float | None = None
    removed_env: tuple[str, ...] = field(default=())

    @property
    def counts(self) -> dict[str, int]:
        """Return e.g. {'failed': 1, 'passed': 3}: outcomes in pytest's order, zeros left out."""
        return _count(self.cases)

    def counts_by_source(self) -> dict[str, dict[str, int]]:
        """Return the counts per app source ('-' for tests that do not use the app)."""
        sources = sorted({c.source or "-" for c in self.cases})
        return {s: _count([c for c in self.cases if (c.source or "-") == s]) for s in sources}

    @property
    def failures(self) -> tuple[CaseResult, ...]:
        """Return the failed and erroring tests, in report order."""
        return tuple(c for c in self.cases if c.outcome in ("failed", "errors"))

    @property
    def ok(self) -> bool:
        """Return True when pytest exited 0 in time and at least one test passed."""
        return self.returncode == 0 and not self.timed_out and self.counts.get("passed", 0) > 0

    def describe(self) -> str:
        """Return e.g. '1 failed, 3 passed', or why there are no results."""
        if self.timed_out:
            return f"timed out after {self.timeout:g} s (process group killed)"
        if not self.report_found:
            return f"pytest exited {self.returncode} without a report"
        if not self.cases:
            return f"no tests ran (pytest exit {self.returncode})"
        return ", ".join(f"{n} {k}" for k, n in self.counts.items())

    def failure_details(self, label: str = "") -> list[str]:
        """Return the lines a failed gate shows: command, environment, each failing test's reason."""
        tag = f"[{label}] " if label else ""
        lines = [f"{tag}command: {shlex_join(self.command)}"]
        lines.append(f"{tag}environment added: " + (
            ", ".join(f"{k}={v}" for k, v in sorted(self.added_env.items())) or "(none)"))
        if self.removed_env:
            lines.append(f"{tag}environment removed: {', '.join(self.removed_env)}")
        lines.append(f"{tag}result: {self.describe()}")
        for case in self.failures:
            where = f" [{case.source}]" if case.source else ""
            kind = "FAILED" if case.outcome == "failed" else "ERROR"
            lines.append(f"{tag}{kind} {case.nodeid}{where}")
            lines += [f"    {line}" for line in case.reason()]
        if not self.failures and not self.ok:
            tail = self.output.strip().splitlines()[-30:]
            lines.append(f"{tag}last lines of pytest's output:")
            lines += [f"    {line}" for line in tail]
        return lines


def shlex_join(command: Sequence[str]) -> str:
    """Return a command as one shell-quoted line."""
    import shlex

    return shlex.join(command)


def _count(cases: Sequence[CaseResult]) -> dict[str, int]:
    counts = {k: 0 for k in _OUTCOME_ORDER}
    for case in cases:
        counts[case.outcome] += 1
    return {k: n for k, n in counts.items() if n}


def _nodeid(attrs: Mapping[str, str]) -> str:
    name = attrs.get("name", "")
    classname = attrs.get("classname", "")
    file = attrs.get("file", "")
    if file:
        module = file[:-3].replace("/", ".") if file.endswith(".py") else file
        if classname == module or not classname:
            return f"{file}::{name}"
        if classname.startswith(module + "."):
            return f"{file}::{classname[len(module) + 1:].replace('.', '::')}::{name}"
        return f"{file}::{name}"
    return f"{classname}::{name}" if classname else name


def parse_junit(path: Path) -> tuple[CaseResult, ...]:
    """Read every test case of a JUnit XML report, in report order.

    Raises:
        ValueError: the file is not a JUnit XML report.
    """
    try:
        tree = ElementTree.parse(path)
    except ElementTree.ParseError as exc:
        raise ValueError(f"{path}: not a JUnit XML report ({exc})") from None
    cases: list[CaseResult] = []
    for case in tree.getroot().iter("testcase"):
        outcome, message, text = "passed", "", ""
        properties = {p.get("name"): p.get("value") for p in case.iter("property")}
        for child in case:
            tag = child.tag
            if tag in ("failure", "error"):
                kind = "failed" if tag == "failure" else "errors"
                if outcome not in ("failed", "errors"):
                    outcome = kind
                message = message or (child.get("message") or "")
                text = "\n".join(t for t in (text, child.text or "") if t)
            elif tag == "skipped" and outcome == "passed":
                outcome, message = "skipped", child.get("message") or ""
        cases.append(CaseResult(_nodeid(case.attrib), outcome, message.strip(), text,
                                properties.get(SOURCE_PROPERTY)))
    return tuple(cases)


def pycache_prefix() -> Path:
    """Return the bytecode cache folder: $PYTHONPYCACHEPREFIX, else a per-user cache folder."""
    if os.environ.get("PYTHONPYCACHEPREFIX"):
        return Path(os.environ["PYTHONPYCACHEPREFIX"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "refactor-tools" / "pycache"


# pytest11 entry points whose plugin does nothing for a suite that never names its package.
OPTIONAL_PLUGINS = {"hypothesispytest": "hypothesis", "schemathesis": "schemathesis"}
_SKIP_DIRS = {".git", ".venv", "venv", ".tox", ".nox", "node_modules", ".refactor-tools", "__pycache__",
              "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis"}
_CONFIG_FILES = ("pyproject.toml", "pytest.ini", "setup.cfg", "tox.ini")


def _project_texts(root: Path):
    for name in _CONFIG_FILES:
        path = root / name
        if path.is_file():
            yield path
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info")]
        for name in files:
            if name.endswith(".py"):
                yield Path(folder) / name


def unused_plugin_args(root: Path) -> list[str]:
    """Return `-p no:NAME` for installed optional plugins no file of the project mentions."""
    import re
    from importlib.metadata import entry_points

    installed = {ep.name for ep in entry_points(group="pytest11")} & set(OPTIONAL_PLUGINS)
    if not installed:
        return []
    wanted = {name: re.compile(rf"\b{OPTIONAL_PLUGINS[name]}\b") for name in installed}
    for path in _project_texts(Path(root)):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for name in [n for n, pattern in wanted.items() if pattern.search(text)]:
            del wanted[name]
        if not wanted:
            break
    return [arg for name in sorted(wanted) for arg in ("-p", f"no:{name}")]


def pytest_env(root: Path, project_env: Mapping[str, str],
               base: Mapping[str, str] | None = None) -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    """Return (the child's environment, the variables we set or changed, the variables we removed).

    The inherited environment loses pytest's own per-run state (a gate started from inside a
    test run must not inherit it) and `PYTHONDONTWRITEBYTECODE`; bytecode goes to a cache
    folder of the state directory instead. The interpreter's scripts directory comes first on
    PATH so tools installed beside the harness (ruff, alembic) are found. The project's
    variables (env-file, env) are laid over everything.
    """
    base = dict(os.environ if base is None else base)
    env = {k: v for k, v in base.items() if k not in _DROP_ENV and not k.startswith("PYTEST_XDIST")}
    env["PYTHONPYCACHEPREFIX"] = str(pycache_prefix())
    env = with_tool_path(env)
    env.update(project_env)
    added = {k: v for k, v in env.items() if base.get(k) != v}
    removed = tuple(sorted(k for k in base if k not in env))
    return env, added, removed


def coverage_available() -> bool:
    """Return True when pytest-cov is importable by the interpreter that runs pytest."""
    import importlib.util

    return importlib.util.find_spec("pytest_cov") is not None


def run_pytest(
    root: Path,
    args: Sequence[str],
    project_env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    coverage: Sequence[str] | None = None,
    cache_dir: Path | None = None,
    trim_plugins: bool = True,
) -> PytestResult:
    """Run `python -m pytest <args>` in `root` and read the report it wrote.

    Args:
        root: the project root (pytest's working directory).
        args: pytest arguments (the project's configuration applies on top, as usual).
        project_env: the project's variables (env-file and env), laid over the environment.
        timeout: seconds before the process group is killed.
        coverage: packages to measure with pytest-cov (None: no measurement).
        cache_dir: pytest's cache folder (kept out of the tree); None leaves the project's.
        trim_plugins: disable optional plugins the project never mentions.

    Returns:
        The result, with every test case of the report.
    """
    env, added, removed = pytest_env(root, project_env or {})
    with tempfile.TemporaryDirectory(prefix="refactor-tools-pytest-") as tmp:
        report = Path(tmp) / "junit.xml"
        trimmed = unused_plugin_args(root) if trim_plugins else []
        command = [sys.executable, "-m", "pytest", *trimmed, *args, f"--junit-xml={report}", "-o", "junit_family=xunit1"]
        if cache_dir is not None and "no:cacheprovider" not in args:
            command += ["-o", f"cache_dir={cache_dir}"]
        cov_json = Path(tmp) / "coverage.json"
        # Coverage data never lands in the tree, whoever asked for it (we, or the project's addopts).
        env["COVERAGE_FILE"] = str(Path(tmp) / ".coverage")
        if coverage:
            command += [f"--cov={c}" for c in coverage] + [f"--cov-report=json:{cov_json}"]
        done: Completed = run_command(command, cwd=root, env=env, timeout=timeout)
        found = report.is_file()
        try:
            cases = parse_junit(report) if found else ()
        except ValueError:
            found, cases = False, ()
        percent = _coverage_percent(cov_json) if coverage else None
    return PytestResult(
        command=tuple(command), added_env=added, returncode=done.returncode, cases=cases, output=done.output,
        duration=done.duration, timed_out=done.timed_out, timeout=timeout, report_found=found,
        coverage=percent, removed_env=removed,
    )


def _coverage_percent(path: Path) -> float | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return float(data["totals"]["percent_covered"])  # exact: the baseline and the gate compare these
    except (OSError, ValueError, KeyError, TypeError):
        return None
