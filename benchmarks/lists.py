"""How long each list tab takes to load, and to narrow when a filter is typed.

Target (issue 8): 100 ms for each of the Groups, Sessions, Incidents and Inbox tabs,
with five years of records, from showing the tab until its list is filled from the
store and painted, and from typing a filter until the list shows only what matches.
Offscreen, in the benchmark's own process.

The Groups tab is filled at unlock and after a change rather than each time it is
shown, so its load is timed as that refill (`reload`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from benchmarks import screen
from benchmarks.measures import Bench, Measure, ms_since

if TYPE_CHECKING:
    from facilitator_app.gui.workspace import Workspace

TARGET_MS = 100.0


@dataclass(frozen=True)
class ListTab:
    name: str
    page: Callable[[Workspace], Any]
    filter_text: str  # matches some lines, not all
    refill_on_show: bool = True

    def shown(self, page: Any) -> int:
        return int(page.shown_count())


TABS = [
    ListTab("groups", lambda w: w.groups_page, "Group 00", refill_on_show=False),
    ListTab("sessions", lambda w: w.sessions_page, "held mar"),
    ListTab("incidents", lambda w: w.incidents_page, "safeguarding"),
    ListTab("inbox", lambda w: w.inbox_page, "Group 00"),
]


def load_name(tab: ListTab) -> str:
    return f"{tab.name}: tab shown and filled"


def filter_name(tab: ListTab) -> str:
    return f"{tab.name}: filter typed, list narrowed"


def measure(bench: Bench) -> list[Measure]:
    window = screen.open_window(bench.folder)
    measures = []
    try:
        screen.unlock(window)
        workspace = window.workspace
        if workspace is None or workspace.inbox_page is None:
            raise RuntimeError("The store did not unlock as a coordinator's: nothing to measure.")
        for tab in TABS:
            page = tab.page(workspace)
            loads, filters, sizes = [], [], (0, 0)
            for _ in range(bench.runs(10)):
                page.filter_edit.clear()
                workspace.tabs.setCurrentWidget(workspace.home_page)
                screen.idle(window)
                started = time.perf_counter()
                workspace.tabs.setCurrentWidget(page)
                if not tab.refill_on_show:
                    page.reload()
                screen.idle(window)
                loads.append(ms_since(started))
                every = tab.shown(page)
                started = time.perf_counter()
                page.filter_edit.setText(tab.filter_text)
                screen.pump_until(lambda: not window.runner.is_busy)
                screen.paint()
                filters.append(ms_since(started))
                sizes = (every, tab.shown(page))
            detail = f"{sizes[0]:,} lines, {sizes[1]:,} for {tab.filter_text!r}"
            measures += [
                Measure(load_name(tab), "ms", loads, TARGET_MS, detail),
                Measure(filter_name(tab), "ms", filters, TARGET_MS, detail),
            ]
    finally:
        window.close()
    return measures
