"""What runs beside a task's suite: the `with-tests` command gates and the specs' generation.

Public API:
    WithTestsCommands(gates, commands)  the `with-tests` commands of one task, in a thread
    SpecsPrefetch(config)               one task's specs generation, overlapped with its suite

`gates._TaskGates` starts the commands with the suite and collects their verdicts after it;
`phase_run` hands a SpecsPrefetch to the tests gate (which starts it) and the specs gate
(which takes its documents).
"""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import replace
from typing import Any

from ..config import ProjectConfig
from ..errors import RefactorToolsError
from .gates import GateResult, _timed


class WithTestsCommands:
    """The `with-tests` command gates of one task, run one after another in a thread beside the suite.

    `start()` notes the tree the commands see (`gatecache.tree_digest`) and starts them;
    `stop()` lets no further command start and ends the running one's process group; `join()`
    waits for the thread. `results` maps a command's name to its GateResult (with its own
    duration); a failing command ends the series. Green records are written by the caller, in
    the main thread.
    """

    def __init__(self, gates: Any, commands: list[Any]) -> None:
        self.gates = gates
        self.commands = commands
        self.results: dict[str, GateResult] = {}
        self.tree: str | None = None
        self._stopped = threading.Event()
        self._proc: Any = None
        self._lock = threading.Lock()
        self._owner: Any = None
        self._thread = threading.Thread(target=self._run, name="refactor-tools-with-tests", daemon=True)

    def start(self) -> None:
        from ..adapters.run import current_owner
        from .gatecache import tree_digest

        self._owner = current_owner()  # a lookahead's commands stay its own (`run.owned_by`)
        try:
            self.tree = tree_digest(self.gates.config.root, self.gates.records.exclude)
        except OSError:
            self.tree = None  # not a git tree: the commands run again after the suite
        self._thread.start()

    def _started(self, proc: Any) -> None:
        with self._lock:
            self._proc = proc
            stop = self._stopped.is_set()
        if stop:
            _terminate(proc)

    def _run(self) -> None:
        from ..adapters.run import owned_by

        with owned_by(self._owner):
            self._run_commands()

    def _run_commands(self) -> None:
        from .testgate import run_command_gate

        gates = self.gates
        for command in self.commands:
            if self._stopped.is_set():
                return
            result = _timed(command.gate_name,
                            lambda c=command: run_command_gate(gates.config, gates.settings, c, on_start=self._started))
            with self._lock:
                self._proc = None
            self.results[command.name] = replace(result, metrics={**result.metrics, "beside-suite": True})
            if not result.ok:
                return

    def stop(self) -> None:
        with self._lock:
            self._stopped.set()
            proc = self._proc
        if proc is not None:
            _terminate(proc)

    def join(self) -> None:
        if self._thread.ident is not None:  # started
            self._thread.join()


def _terminate(proc: Any) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # the runner thread reaps it and kills what is left
    except (ProcessLookupError, PermissionError):
        pass


class SpecsPrefetch:
    """The working tree's spec documents, generated while the tests stage's suite runs.

    `start()` (called by the tests stage once its before-tests commands passed) notes what the
    generation reads and starts it: the tree git sees (tracked and untracked files, not ignored
    ones, as `gatecache.tree_digest`) and the generation settings with their environment
    (env-file included). `documents()` returns the documents only when the generation succeeded
    and both are unchanged; otherwise None, and the specs gate generates them as it would have
    without the overlap, so its verdict is the same (a generation that failed overlapped, a
    timeout included, is run again on its own). `cancel()` stops the child and its process group
    and removes its output file: a failing tests gate leaves nothing behind. Off with
    `[tool.refactor-tools.driver] overlap-specs = false`, or when the project has no specs table.
    """

    def __init__(self, config: ProjectConfig) -> None:
        self.config = config
        self.job: Any = None
        self.inputs: tuple[str, Any] | None = None

    def _inputs(self) -> tuple[str, Any]:
        from ..specs.settings import specs_config
        from .gatecache import tree_digest

        return tree_digest(self.config.root), specs_config(self.config)

    def start(self) -> None:
        """Start the generation, unless it is off or cannot start (the specs gate will say why)."""
        from ..specs.generate import GenerationJob
        from .gatecfg import gate_settings

        if self.job is not None or not self.config.section("specs"):
            return
        try:
            if not gate_settings(self.config).overlap_specs:
                return
            self.inputs = self._inputs()
            self.job = GenerationJob(self.config.root, self.inputs[1], "the working tree")
        except (RefactorToolsError, OSError):
            self.job = None

    def documents(self) -> dict[str, dict[str, Any]] | None:
        """Return the documents, or None when they must be generated again (see the class)."""
        if self.job is None:
            return None
        try:
            if self._inputs() != self.inputs:
                return None
            docs = self.job.result()
        except (RefactorToolsError, OSError):
            return None
        finally:
            self.cancel()
        return docs

    def cancel(self) -> None:
        """Stop the generation if it runs and remove its output file (idempotent)."""
        if self.job is not None:
            self.job.cancel()
