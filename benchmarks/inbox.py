"""How long the coordinator's inbox takes to open and to filter, with five years of records.

    .venv/bin/python -m benchmarks.inbox [--scale 1.0] [--repeat 20] [--json FILE]
                                         [--dataset FOLDER]

Target (issue 7, also in docs/benchmarks.md): with 5,000 debriefs (and the dataset's
800 incident records) the inbox opens, and a typed filter narrows it, in under 100 ms
each. Two layers are timed: the service alone (`inbox.inbox`), and the Inbox tab on
screen (offscreen), from the click on the tab until its list is filled, and from a
filter typed until the list shows the lines that match.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.crisis import PASSPHRASE
from benchmarks.sync import Measure, dataset_store, print_table
from facilitator_app.services import inbox
from facilitator_app.services.stores import unlock_store

SERVICE_OPEN = "inbox lines (service)"
SERVICE_FILTER = "inbox filtered by a group (service)"
SCREEN_OPEN = "Inbox tab shown and filled"
SCREEN_FILTER = "filter typed, list narrowed"
TARGETS: dict[str, float] = {
    SERVICE_OPEN: 100.0,
    SERVICE_FILTER: 100.0,
    SCREEN_OPEN: 100.0,
    SCREEN_FILTER: 100.0,
}
FILTER_TEXT = "Group 00"
PUMP_PAUSE = 0.0002  # seconds


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def measure_service(folder: Path, repeat: int) -> tuple[list[Measure], str]:
    store = unlock_store(folder, PASSPHRASE)
    try:
        inbox.inbox(store)  # the first read warms SQLite's page cache, as the app's unlock does
        opened, filtered = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            lines = inbox.inbox(store)
            opened.append(_ms(started))
            started = time.perf_counter()
            matching = inbox.inbox(store, FILTER_TEXT)
            filtered.append(_ms(started))
        detail = f"{len(lines):,} lines, {len(matching):,} for {FILTER_TEXT!r}"
    finally:
        store.close()
    return [
        Measure(SERVICE_OPEN, "ms", opened, TARGETS[SERVICE_OPEN]),
        Measure(SERVICE_FILTER, "ms", filtered, TARGETS[SERVICE_FILTER]),
    ], detail


def measure_screen(folder: Path, repeat: int) -> list[Measure]:
    """The Inbox tab, offscreen: shown until its list is filled; a filter until it narrows."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from facilitator_app.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])

    def pump_until(done: Callable[[], bool], limit: float = 60.0) -> None:
        # The app's event loop sleeps while the store thread works; a loop that only
        # spins would hold Python's lock and slow that thread down (by a third, here).
        end = time.perf_counter() + limit
        while not done() and time.perf_counter() < end:
            QCoreApplication.processEvents()
            time.sleep(PUMP_PAUSE)

    window = MainWindow(folder)
    window.show()
    window.unlock_page.passphrase.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    pump_until(lambda: window.workspace is not None and not window.runner.is_busy)
    workspace = window.workspace
    page = workspace.inbox_page if workspace is not None else None
    if workspace is None or page is None:
        raise SystemExit("The store did not unlock as a coordinator's: nothing to measure.")
    listed = [0]
    page.unread_changed.connect(lambda _count: listed.__setitem__(0, listed[0] + 1))
    opened, filtered = [], []
    for _ in range(repeat):
        page.filter_edit.clear()
        workspace.tabs.setCurrentWidget(workspace.home_page)
        pump_until(lambda: not window.runner.is_busy)
        before = listed[0]
        started = time.perf_counter()
        workspace.tabs.setCurrentWidget(page)
        pump_until(lambda: listed[0] > before and not window.runner.is_busy)  # noqa: B023
        QCoreApplication.processEvents()  # the paint that shows the filled list
        opened.append(_ms(started))
        wanted = sum(1 for line in page.shown_lines() if line.matches(FILTER_TEXT))
        started = time.perf_counter()
        page.filter_edit.setText(FILTER_TEXT)
        pump_until(lambda: page.model.rowCount() == wanted)  # noqa: B023
        QCoreApplication.processEvents()
        filtered.append(_ms(started))
    window.close()
    del app
    return [
        Measure(SCREEN_OPEN, "ms", opened, TARGETS[SCREEN_OPEN]),
        Measure(SCREEN_FILTER, "ms", filtered, TARGETS[SCREEN_FILTER]),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the coordinator's inbox.")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--dataset", type=Path, help="keep the dataset here and reuse it on later runs"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with dataset_store(args.scale, args.dataset) as (folder, built):
        print(f"dataset at scale {args.scale}: " + (f"made in {built:.1f} s" if built else "kept"))
        measures, detail = measure_service(folder, args.repeat)
        print(detail)
        measures += measure_screen(folder, args.repeat)
    print_table(measures)
    if args.json is not None:
        args.json.write_text(
            json.dumps(
                {
                    "benchmark": "inbox",
                    "scale": args.scale,
                    "repeat": args.repeat,
                    "statistic": "median",
                    "results": [m.to_json() for m in measures],
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0 if all(m.ok for m in measures) else 1


if __name__ == "__main__":
    sys.exit(main())
