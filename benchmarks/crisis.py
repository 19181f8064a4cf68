"""How long F1 takes to show the crisis screen on a store holding five years of records.

    .venv/bin/python -m benchmarks.crisis [--scale 1.0] [--repeat 20]

Target (issue 4, also in docs/benchmarks.md): under 200 ms from F1 until the list of
protocols and the numbers are on screen, with the five-year dataset. Runs offscreen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 200.0
PASSPHRASE = "benchmark passphrase"  # noqa: S105 - a throwaway store


def build_store(folder: Path, scale: float) -> float:
    """Make the dataset; returns how long that took, in seconds."""
    from benchmarks.dataset import generate
    from facilitator_app.services.stores import NewStore, StoreRole, create_store
    from facilitator_app.store.keys import KdfParams

    started = time.perf_counter()
    request = NewStore(folder, StoreRole.COORDINATOR, "Bench", "Bench", PASSPHRASE, PASSPHRASE)
    store = create_store(request, kdf=KdfParams())
    try:
        generate(store, scale=scale, today=store.today())
    finally:
        store.close()
    return time.perf_counter() - started


def measure_open(folder: Path, repeat: int) -> list[float]:
    """Milliseconds from F1 until the crisis screen's list and numbers are filled."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from facilitator_app.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])

    def pump_until(done: object, limit: float = 30.0) -> None:
        end = time.perf_counter() + limit
        while not done() and time.perf_counter() < end:  # type: ignore[operator]
            QCoreApplication.processEvents()

    window = MainWindow(folder)
    window.show()
    window.unlock_page.passphrase.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    pump_until(lambda: window.workspace is not None and not window.runner.is_busy)
    workspace = window.workspace
    assert workspace is not None  # noqa: S101 - the store unlocks or the run is meaningless
    times = []
    for _ in range(repeat):
        workspace.show_tabs()
        pump_until(lambda: not window.runner.is_busy)
        started = time.perf_counter()
        window.open_protocols()
        pump_until(lambda: not window.runner.is_busy and workspace.crisis.card_choice.count() > 0)
        times.append((time.perf_counter() - started) * 1000)
    window.close()
    del app
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time opening the crisis screen.")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        built = build_store(store, args.scale)
        print(f"dataset at scale {args.scale}: made in {built:.1f} s")
        times = measure_open(store, args.repeat)
    median, worst = statistics.median(times), max(times)
    ok = worst < TARGET_MS
    print(
        f"{'open crisis screen (F1)':44s} median {median:6.1f} ms  worst {worst:6.1f} ms  "
        f"{'ok' if ok else 'SLOW'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
