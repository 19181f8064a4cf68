"""How long the app takes to show its unlock window from a cold start, and its memory.

Targets (issue 8):
- process start to the unlock window's first paint (offscreen) within 0.8 s, and within
  2.5 times a bare PySide6 window's, timed in the same run (each app start is paired
  with a bare one, and the ratio is taken pair by pair);
- the peak memory of the app's process with the dataset open (every tab visited, the
  crisis screen and an inbox record opened) within 250 MB.

Each start is a new Python process (`benchmarks.first_paint`, `benchmarks.gui_tour`);
the operating system's file cache is warm after the first, as it is when a person opens
the app a second time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.measures import Bench, Measure, ms_since

APP = "cold start to unlock window painted"
BARE = "bare PySide6 window, same run"
RATIO = "cold start ÷ bare window"
MEMORY = "peak memory, GUI with the dataset open"
CHILD_LIMIT = 120  # seconds


def _child_env() -> dict[str, str]:
    # Offscreen, and the benchmarks importable from wherever the runner was started.
    here = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": path}


def first_paint_ms(*args: str) -> float:
    """Milliseconds from starting the child process until it says it has painted."""
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own module, with our own arguments
        [sys.executable, "-m", "benchmarks.first_paint", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_child_env(),
        text=True,
    )
    assert child.stdout is not None  # noqa: S101 - asked for above
    line = child.stdout.readline()
    elapsed = ms_since(started)
    child.wait(CHILD_LIMIT)
    if line.strip() != "painted":
        raise RuntimeError(f"The window in {args[0]!r} did not paint (exit {child.returncode}).")
    return elapsed


def peak_memory_mb(folder: Path) -> float:
    done = subprocess.run(  # noqa: S603 - our own module, with our own arguments
        [sys.executable, "-m", "benchmarks.gui_tour", str(folder)],
        capture_output=True,
        env=_child_env(),
        text=True,
        timeout=CHILD_LIMIT * 5,
        check=False,
    )
    found = [line for line in done.stdout.splitlines() if line.startswith("peak_kib ")]
    if done.returncode != 0 or not found:
        raise RuntimeError(f"The GUI tour failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return int(found[-1].split()[1]) * 1024 / 1e6


def measure(bench: Bench) -> list[Measure]:
    app, bare = [], []
    first_paint_ms("bare")  # the first start of all pays for reading files from disk
    for _ in range(bench.runs(10)):
        bare.append(first_paint_ms("bare"))
        app.append(first_paint_ms("app", str(bench.folder)))
    memory = [peak_memory_mb(bench.folder) for _ in range(bench.runs(3))]
    return [
        Measure(APP, "ms", app, 800.0),
        Measure(BARE, "ms", bare),
        Measure(RATIO, "×", [a / b for a, b in zip(app, bare, strict=True)], 2.5),
        Measure(MEMORY, "MB", memory, 250.0),
    ]
