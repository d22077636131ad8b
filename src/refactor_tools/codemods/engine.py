"""Run the per-file pass over many files, on both cores when there are many."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from .names import Renames
from .worker import FileOutcome, FileTask, process_many

PARALLEL_THRESHOLD = 120
BATCH = 24


def run(tasks: list[FileTask], renames: Renames, *, jobs: int | None = None) -> list[FileOutcome]:
    """Return the outcome of every task, sorted by path."""
    jobs = jobs or min(2, os.cpu_count() or 1)
    if jobs <= 1 or len(tasks) < PARALLEL_THRESHOLD:
        outcomes = process_many(tasks, renames)
    else:
        batches = [tasks[i : i + BATCH] for i in range(0, len(tasks), BATCH)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes = [o for batch in pool.map(partial(process_many, renames=renames), batches) for o in batch]
    return sorted(outcomes, key=lambda o: o.rel)
