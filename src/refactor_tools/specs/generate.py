"""Generate documents in a subprocess that imports one tree's own code.

Always a subprocess, for the working tree too. Importing the app in the CLI's own process was
measured on the Trading API (warm diff-specs, 9 interleaved rounds, load 5 on 2 CPUs): median
1.11 s against 1.16 s, inside the noise, since importing the app (FastAPI, pydantic) is the
cost either way. In-process, an app that hangs, starts processes or threads, or calls
`os._exit(0)` at import would hang the CLI, leave processes behind or end it with exit 0 and
no report; the subprocess bounds it (timeout, process group) and reports it (exit 3).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..adapters.run import GRACE_SECONDS, kill_group, start_watched, unwatch
from ..adapters.state import dumps_json
from ..errors import RefactorToolsError
from .diagnose import FailureContext, diagnose
from .settings import SpecsConfig

EXIT_GENERATION = 3
_TAIL_LINES = 40

# Runs in the child with `python -P -c`: the tree's source dir is first on sys.path, so the
# child imports that tree's code, never whatever this process has imported.
# A harness killed with SIGKILL cannot stop this process group: its watchdog does (adapters.run).
RUNNER = r"""
import importlib, json, sys
targets = json.loads(sys.argv[1])
result = {}
for kind, spec in sorted(targets.items()):
    module_name, _, attr = spec.partition(":")
    try:
        obj = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
        method = getattr(obj, kind, None)
        if callable(method):
            result[kind] = method()
    except SystemExit as exc:
        sys.stderr.write(f"{spec}: the code called sys.exit({exc.code!r}) before the {kind} "
                         "document was made\n")
        sys.exit(5)
    if not callable(method):
        sys.stderr.write(f"{spec}: a {type(obj).__name__} object has no .{kind}() method\n")
        sys.exit(4)
with open(sys.argv[2], "w", encoding="utf-8") as fh:
    json.dump(result, fh, ensure_ascii=False)
"""
_EXITED = 5  # the runner's exit code when the imported code called sys.exit()
OUTPUT_PREFIX = "refactor-tools-specs-"


def _prune_stale_outputs() -> None:
    """Remove output files of runs whose process is gone (killed before cleaning up)."""
    from ..adapters.process import pid_alive

    for path in Path(tempfile.gettempdir()).glob(f"{OUTPUT_PREFIX}*.json"):
        pid = path.name.removeprefix(OUTPUT_PREFIX).split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            path.unlink(missing_ok=True)


class SpecGenerationError(RefactorToolsError):
    """A document could not be generated (exit 3); carries the child's error output."""

    exit_code = EXIT_GENERATION


class GenerationJob:
    """One running generation subprocess; `result()` waits for it.

    The timeout counts from the start: a job collected later (started while other work runs)
    is stopped when it runs past it, as one collected at once would be.
    """

    def __init__(self, tree: Path, specs: SpecsConfig, label: str, *, baseline: bool = False,
                 copied: tuple[str, ...] = (), missing_copies: tuple[str, ...] = ()) -> None:
        self.tree, self.specs, self.label = Path(tree), specs, label
        self.context = FailureContext(label=label, source=specs.source, tree=str(self.tree),
                                      baseline=baseline, copied=tuple(copied),
                                      missing_copies=tuple(missing_copies))
        if not (self.tree / specs.source).is_dir():
            raise SpecGenerationError(
                f"could not generate the documents of {label}: it has no source directory "
                f"'{specs.source}'", hint="check [tool.refactor-tools] source and the ref")
        _prune_stale_outputs()
        handle, self._out = tempfile.mkstemp(prefix=f"{OUTPUT_PREFIX}{os.getpid()}-", suffix=".json")
        os.close(handle)
        # Inherited, then the project's configured variables over it (env-file, env, specs env).
        env = dict(os.environ)
        if baseline:
            # The worktree is thrown away: its bytecode would only litter a cache.
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            # Bytecode of the working tree goes to the per-user cache the test gate also uses:
            # nothing is written into the project, and the next run imports faster.
            from ..adapters.pytest_run import pycache_prefix

            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(pycache_prefix())
        env.update(specs.env_dict())
        source = str((self.tree / specs.source).resolve())
        env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
        env.pop("PYTHONSAFEPATH", None)
        try:
            # Its own process group: a timeout or Ctrl-C ends whatever the app started too.
            self._proc = start_watched(
                [sys.executable, "-P", "-c", RUNNER, json.dumps(specs.as_dict()), self._out],
                self.tree, env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )
        except OSError as exc:
            os.unlink(self._out)
            raise SpecGenerationError(f"could not start Python for {label}: {exc}") from None
        self._expired = threading.Event()
        self._timer: threading.Timer | None = None
        if specs.timeout:
            self._timer = threading.Timer(specs.timeout, self._expire)
            self._timer.daemon = True
            self._timer.start()

    def _expire(self) -> None:
        if self._proc.poll() is None:
            self._expired.set()
            kill_group(self._proc.pid)

    def result(self) -> dict[str, dict[str, Any]]:
        """Wait for the child and return kind -> document.

        Raises:
            SpecGenerationError: the child failed; the message ends with its error output.
        """
        timeout = self.specs.timeout or None
        try:
            try:  # the timer stops the child at its deadline; this bound is a second line
                _, err = self._proc.communicate(timeout=timeout and timeout + GRACE_SECONDS + 1.0)
            except subprocess.TimeoutExpired:
                self._expired.set()
            if self._expired.is_set():
                self._stop()
                raise SpecGenerationError(
                    f"generating the documents of {self.label} took over {timeout:g} s; its "
                    "process group was killed",
                    hint="raise [tool.refactor-tools.specs] timeout (seconds, 0 = no limit) or "
                    "find what the app does at import time",
                ) from None
            # Whatever the app started (servers, workers) ends with it.
            kill_group(self._proc.pid, leader=self._proc)
            if self._proc.returncode != 0:
                raise self._failure(err)
            try:
                with open(self._out, encoding="utf-8") as fh:
                    docs = json.load(fh)
            except (OSError, ValueError):
                docs = None
            if not isinstance(docs, dict) or not docs:
                raise SpecGenerationError(
                    f"generating the documents of {self.label} exited 0 without producing a "
                    "document (the imported code ended the process, e.g. with os._exit(0))",
                    hint="the targets must import without ending the process: "
                    + ", ".join(f"{k} = {v!r}" for k, v in self.specs.targets),
                )
            return docs
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the child (and its process group) if it still runs; remove its output file."""
        if self._timer is not None:
            self._timer.cancel()
        if self._proc.poll() is None:
            self._stop()
        unwatch(self._proc.pid)  # its group is gone: result() or _stop() ended it
        if os.path.exists(self._out):
            os.unlink(self._out)

    def _failure(self, err: str) -> SpecGenerationError:
        tail = "\n".join(err.strip().splitlines()[-_TAIL_LINES:])
        targets = ", ".join(f"{k} = {v!r}" for k, v in self.specs.targets)
        if self._proc.returncode == _EXITED:
            return SpecGenerationError(
                f"could not generate the documents of {self.label} ({targets}): the code "
                f"ended the process without producing a document:\n{tail}",
                hint="the targets must import without calling sys.exit()",
            )
        found = diagnose(err, self.context)
        cause = f": {found.cause}" if found.cause else ""
        return SpecGenerationError(
            f"could not generate the documents of {self.label} ({targets}){cause}; "
            f"the subprocess said:\n{tail}",
            hint=found.hint,
        )

    def _stop(self) -> None:
        kill_group(self._proc.pid, leader=self._proc)
        self._proc.communicate()


def generate(tree: Path, specs: SpecsConfig, label: str = "the working tree") -> dict[str, dict]:
    """Generate the configured documents of `tree` in a subprocess."""
    return GenerationJob(tree, specs, label).result()


def canonical_json(doc: Any) -> str:
    """Return the byte-stable text written for a document: sorted keys, 2-space indent, UTF-8."""
    return dumps_json(doc)
