"""A generation's timeout counts from its start, also for a job collected later (the driver starts
the working tree's generation before the tests gate and collects it in the specs gate)."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from refactor_tools.adapters.process import pid_alive
from refactor_tools.specs.generate import GenerationJob, SpecGenerationError
from refactor_tools.specs.settings import SpecsConfig


def _hanging_tree(root: Path, pid_file: Path) -> Path:
    package = root / "src" / "hangs"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "main.py").write_text(textwrap.dedent(f"""\
        import os, subprocess, time
        child = subprocess.Popen(["sleep", "600"])
        with open({str(pid_file)!r} + ".tmp", "w") as fh:
            fh.write(f"{{os.getpid()}} {{child.pid}}")
        os.replace({str(pid_file)!r} + ".tmp", {str(pid_file)!r})
        time.sleep(600)
    """), encoding="utf-8")
    return root


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_a_job_not_yet_collected_is_stopped_at_its_deadline(tmp_path):
    pid_file = tmp_path / "pids"
    tree = _hanging_tree(tmp_path / "tree", pid_file)
    specs = SpecsConfig(targets=(("openapi", "hangs.main:app"),), source="src", timeout=1.0)
    job = GenerationJob(tree, specs, "the hanging tree")
    assert _wait(pid_file.exists, 120), "the generator never started"
    generator, grandchild = (int(p) for p in pid_file.read_text().split())
    # Nobody waits for the job yet: its process group still ends at the deadline.
    assert _wait(lambda: not pid_alive(generator) and not pid_alive(grandchild), 60)
    with pytest.raises(SpecGenerationError) as info:
        job.result()
    assert "took over 1 s; its process group was killed" in info.value.message
    assert not Path(job._out).exists()


def test_a_job_without_a_timeout_is_not_stopped(tmp_path):
    tree = tmp_path / "tree"
    package = tree / "src" / "quick"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "main.py").write_text(textwrap.dedent("""\
        import time
        time.sleep(1.5)

        class App:
            def openapi(self):
                return {"openapi": "3.1.0", "info": {"title": "q", "version": "1"}, "paths": {}}

        app = App()
    """), encoding="utf-8")
    specs = SpecsConfig(targets=(("openapi", "quick.main:app"),), source="src", timeout=0.0)
    job = GenerationJob(tree, specs, "the quick tree")
    assert job.result() == {"openapi": {"openapi": "3.1.0", "info": {"title": "q", "version": "1"}, "paths": {}}}
