"""Paired stores for Sync tab tests: made through the services, closed, then opened in windows.

A coordinator and a facilitator's laptop ("Sam") are paired by invitation as in
`tests/sync_setup.py`; `fill` may add records to both before they are closed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.sync_page import SyncPage
from facilitator_app.services import sync as sync_service
from facilitator_app.store.store import Store
from tests.factories import FakeClock
from tests.gui.conftest import show_tab
from tests.sync_setup import Laptop, join, new_coordinator

_sticks = itertools.count(1)


@dataclass(frozen=True)
class Pair:
    coordinator: Path
    facilitator: Path
    person_id: str


def make_pair(
    tmp_path: Path,
    clock: FakeClock,
    fill: Callable[[Store, Laptop], None] = lambda _co, _lap: None,
    *,
    name: str = "Sam",
) -> Pair:
    coordinator = new_coordinator(tmp_path / "coordinator", clock)
    laptop = join(coordinator, tmp_path / "facilitator", name, clock, tmp=tmp_path)
    try:
        fill(coordinator, laptop)
    finally:
        laptop.store.close()
        coordinator.close()
    return Pair(tmp_path / "coordinator", tmp_path / "facilitator", laptop.person_id)


def new_stick(tmp_path: Path) -> Path:
    stick = tmp_path / f"usb-{next(_sticks)}"
    stick.mkdir()
    return stick


def export_to_stick(store: Store, tmp_path: Path) -> Path:
    """What a laptop's Export writes, made through the service onto a fresh stick."""
    stick = new_stick(tmp_path)
    sync_service.export_bundles(store, stick)
    return stick


def sync_tab(qtbot, window: MainWindow) -> SyncPage:
    """Show the Sync tab and wait until it has read what it shows."""
    assert window.workspace is not None
    page = window.workspace.sync_page
    show_tab(qtbot, window, "Sync")
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    return page


def bundles_on(stick: Path) -> list[Path]:
    return sorted(stick.glob("*.fabundle"))
