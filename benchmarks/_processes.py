"""Measurements that need a fresh interpreter: import cost and peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from benchmarks._timing import Timings

REPO = Path(__file__).resolve().parent.parent
CHILD_TIMEOUT_SECONDS = 300


def _environment(extra_path: Path | None) -> dict[str, str]:
    environment = dict(os.environ)
    paths = [str(REPO)]
    if extra_path is not None:
        paths.insert(0, str(extra_path))
    if environment.get("PYTHONPATH"):
        paths.append(environment["PYTHONPATH"])
    environment["PYTHONPATH"] = os.pathsep.join(paths)
    return environment


_PEAK_RSS_CODE = """
for _line in open("/proc/self/status"):
    if _line.startswith("VmHWM:"):
        print("VmHWM", int(_line.split()[1]) * 1024)
"""
"""Prints the process's peak RSS. ru_maxrss is no good here: after fork and
exec it still counts the parent's pages from before the exec."""


def _run_timed(code: str, environment: Mapping[str, str]) -> float:
    """Wall time of ``python -c code``."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=dict(environment),
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=CHILD_TIMEOUT_SECONDS,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"python -c {code!r} failed")
    return elapsed


def _peak_rss(code: str, environment: Mapping[str, str]) -> int | None:
    """Peak RSS in bytes of a process running ``code`` (Linux only)."""
    if not os.path.exists("/proc/self/status"):
        return None
    completed = subprocess.run(
        [sys.executable, "-c", code + "\n" + _PEAK_RSS_CODE],
        cwd=REPO,
        env=dict(environment),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=CHILD_TIMEOUT_SECONDS,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("VmHWM "):
            return int(line.split()[1])
    return None


def import_costs(
    statements: Mapping[str, str], rounds: int, generated_folder: Path | None
) -> tuple[Timings, dict[str, int | None]]:
    """Time ``python -c statement`` for each client, interleaved, ``rounds`` times.

    Returns the timings and each statement's peak RSS.
    """
    environment = _environment(generated_folder)
    names = list(statements)
    timings = Timings({name: [] for name in names})
    for name in names:  # warm the file system cache and the bytecode
        _run_timed(statements[name], environment)
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            elapsed = _run_timed(statements[name], environment)
            timings.per_call[name].append(elapsed)
    memory = {name: _peak_rss(statements[name], environment) for name in names}
    return timings, memory


def iteration_memory(client: str, generated_folder: Path | None) -> dict[str, Any]:
    """Peak memory of iterating 20,000 leads with ``client``, in child processes."""
    result: dict[str, Any] = {}
    for mode in ("traced", "rss"):
        command = [sys.executable, "-m", "benchmarks._memory", mode, client]
        if generated_folder is not None:
            command.append(str(generated_folder))
        completed = subprocess.run(
            command,
            cwd=REPO,
            env=_environment(generated_folder),
            capture_output=True,
            text=True,
            check=False,
            timeout=CHILD_TIMEOUT_SECONDS,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"memory measurement of {client} failed: {completed.stderr.strip()}"
            )
        result.update(json.loads(completed.stdout))
    return result
