"""How long F1 takes to show the crisis screen on a store holding five years of records.

Target (issue 4): under 200 ms from F1 until the list of protocols and the numbers are on
screen. Offscreen, in the benchmark's own process.
"""

from __future__ import annotations

import time

from benchmarks import screen
from benchmarks.measures import Bench, Measure, ms_since

CRISIS_OPEN = "crisis screen open (F1)"
TARGET_MS = 200.0


def measure(bench: Bench) -> list[Measure]:
    window = screen.open_window(bench.folder)
    try:
        screen.unlock(window)
        workspace = window.workspace
        if workspace is None:
            raise RuntimeError("The dataset store did not unlock: nothing to measure.")
        times = []
        for _ in range(bench.runs(20)):
            workspace.show_tabs()
            screen.idle(window)
            started = time.perf_counter()
            window.open_protocols()
            screen.pump_until(
                lambda: not window.runner.is_busy and workspace.crisis.card_choice.count() > 0
            )
            screen.paint()
            times.append(ms_since(started))
    finally:
        window.close()
    return [Measure(CRISIS_OPEN, "ms", times, TARGET_MS)]
