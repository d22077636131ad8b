"""The live task list on stderr: a rich Live view on a terminal, plain lines otherwise.

On a terminal each task row shows its running step with the seconds it has taken so far. Without
a terminal (CI logs, pipes) a line is printed when each step starts and when it ends, and a
heartbeat line every `heartbeat` seconds (default 10) while a step runs, so a log never looks hung.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from rich.markup import escape  # titles and messages are data: "[values]" is not markup

from .plan import Phase, Task
from .results import PhaseResult, Reporter, TaskResult

HEARTBEAT_SECONDS = 10.0


class LiveReporter(Reporter):
    """Render a phase run's progress on a rich console (stderr)."""

    def __init__(self, console: Any, heartbeat: float = HEARTBEAT_SECONDS, clock: Any = time.monotonic) -> None:
        self.console = console
        self.rows: dict[str, list[Any]] = {}
        self.live: Any = None
        self.heartbeat = heartbeat
        self.clock = clock
        self._running: tuple[str, str, float] | None = None  # (row, step, started)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- rendering ---------------------------------------------------------------------------

    def _view(self) -> Any:
        from rich.table import Table

        table = Table.grid(padding=(0, 1))
        now = self.clock()
        for label, (state, text, started) in self.rows.items():
            icon = {"pending": "[dim]·[/]", "running": "[yellow]…[/]", "ok": "[green]✓[/]", "failed": "[red]✗[/]"}[state]
            shown = f"{text} ({now - started:.0f}s)" if state == "running" and started is not None else text
            table.add_row(icon, escape(label), f"[dim]{escape(shown)}[/]")
        return table

    def _refresh(self) -> None:
        if self.live is not None:
            self.live.update(self._view())

    def _print(self, text: str) -> None:
        self.console.print(text, highlight=False)

    # --- Reporter callbacks ------------------------------------------------------------------

    def phase_started(self, phase: Phase, tasks: list[Task]) -> None:
        """Start the list for a phase."""
        self.stop()
        self.console.print(f"[bold]{phase.id}[/]: {escape(phase.title)}")
        self.rows = {_label(t): ["pending", "", None] for t in tasks}
        if self.console.is_terminal:
            from rich.live import Live

            self.live = Live(self._view(), console=self.console, refresh_per_second=4, transient=False,
                             get_renderable=self._view)
            self.live.start()
        self._start_ticker()

    def step_started(self, task: Task, step: str) -> None:
        """Show the running step (on a plain log: one line now, then heartbeats)."""
        with self._lock:
            started = self.clock()
            self.rows[_label(task)] = ["running", f"{step} ...", started]
            self._running = (_label(task), step, started)
        self._refresh()
        if self.live is None:
            self._print(f"  … {_label(task)} — {step} ...")

    def step_done(self, task: Task, step: str, ok: bool, summary: str) -> None:
        """Show the step's outcome."""
        with self._lock:
            self._running = None
            self.rows[_label(task)] = ["running" if ok else "failed", f"{step}: {summary}", None]
        self._refresh()
        if self.live is None:
            mark = "[green]✓[/]" if ok else "[red]✗[/]"
            self._print(f"  {mark} {escape(_label(task))} — {step}: {escape(summary)}")

    def task_done(self, task: Task, result: TaskResult) -> None:
        """Mark a committed task done."""
        with self._lock:
            self.rows[_label(task)] = ["ok", f"committed {result.commit} ({result.duration:.1f}s)", None]
        self._refresh()
        if self.live is None:
            self._print(f"  [green]✓[/] {_label(task)} — committed {result.commit}")

    def note(self, message: str) -> None:
        """Print a message."""
        self.stop()
        self.console.print(message, highlight=False, markup=False)

    def finish_tasks(self, result: PhaseResult) -> None:
        """Mark committed tasks done and stop the live view."""
        for task in result.tasks:
            key = f"{task.number}. {task.title}"
            if key in self.rows and task.status == "done":
                self.rows[key] = ["ok", f"committed {task.commit}", None]
        self._refresh()
        self.stop()

    def stop(self) -> None:
        """Stop the live view and the heartbeat if they run."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.live is not None:
            self.live.stop()
            self.live = None

    # --- heartbeat ---------------------------------------------------------------------------

    def _start_ticker(self) -> None:
        if self.live is not None or self.heartbeat <= 0:
            return  # a terminal view refreshes its elapsed times itself
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, name="refactor-tools-heartbeat", daemon=True)
        self._thread.start()

    def _tick(self) -> None:
        while not self._stop.wait(self.heartbeat):
            self.beat()

    def beat(self) -> None:
        """Print one heartbeat line for the running step (no-op when nothing runs)."""
        with self._lock:
            running = self._running
        if running is not None:
            label, step, started = running
            self._print(f"  … {label} — {step}: still running ({self.clock() - started:.0f}s)")


def _label(task: Task) -> str:
    return f"{task.number}. {task.title}"
