"""The result cache: keyed by content, written atomically and only when changed, concurrent-safe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CACHE = ".refactor-tools/cache/boundaries.cache"


def test_cache_is_written_once_and_reused(project, run):
    root = project("siblings")
    first = run(root)
    cache = root / CACHE
    stamp = cache.stat().st_mtime_ns
    inode = cache.stat().st_ino
    assert run(root).out == first.out
    assert (cache.stat().st_mtime_ns, cache.stat().st_ino) == (stamp, inode)
    assert not [p for p in cache.parent.iterdir() if p.name.endswith(".tmp")]


def test_cache_directory_ignores_itself_but_not_the_baseline(project, run):
    root = project("baseline")
    assert run(root, "--update-baseline", "--allow-growth").code == 0
    assert (root / ".refactor-tools/cache/.gitignore").read_text().splitlines()[-1] == "*"
    assert (root / ".refactor-tools/boundaries-baseline.json").is_file()


def test_cache_follows_content_not_timestamps(project, run):
    root = project("siblings")
    first = run(root)
    for path in (root / "src").rglob("*.py"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # as after a fresh checkout
    assert run(root).out == first.out
    beta_api = root / "src/shop/modules/beta/api.py"
    beta_api.write_text('"""Fixed."""\n')
    os.utime(beta_api, ns=(1_000_000_000, 1_000_000_000))  # same mtime as before: content decides
    second = run(root)
    assert "shop.modules.beta.api -> shop.modules.alpha.service" not in second.out
    assert second.out.splitlines()[-1].startswith("FAILED: 1 new violation,")


def test_corrupt_cache_is_ignored_and_replaced(project, run):
    root = project("siblings")
    first = run(root)
    (root / CACHE).write_bytes(b"refactor-tools boundaries cache\n\n" + b"0" * 40)
    assert run(root).out == first.out
    assert (root / CACHE).read_bytes() != b"refactor-tools boundaries cache\n\n" + b"0" * 40


def test_config_change_invalidates_the_cache(project, run, edit):
    root = project("siblings")
    assert run(root).code == 1
    edit(root / "pyproject.toml", 'forbid = ["modules.{other}.**"]', 'forbid = ["shared.**"]')
    edit(root / "pyproject.toml", 'from = "modules.{m}.**"', 'from = "models.**"')
    assert run(root).code == 0


def test_two_concurrent_runs(project):
    root = project("siblings")
    cli = Path(sys.executable).parent / "refactor-tools"
    command = [str(cli), "check-boundaries", "--project", str(root), "--format", "json"]
    outputs = []
    for _ in range(3):
        procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 1, err
            outputs.append(out)
        (root / "src/shop/modules/alpha/service.py").write_text(f'"""Changed {_}."""\n')
    assert len(set(outputs)) == 1
    assert not [p for p in (root / ".refactor-tools/cache").iterdir() if p.name.endswith(".tmp")]
