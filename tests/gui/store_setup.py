"""Open the window on a store whose records were made through the services, on a still clock.

GUI tests that need many records (facilitators, pauses, a rota) make them here rather
than clicking through every tab, then drive only the screen they are about.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from facilitator_app.gui import start_pages
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.services import stores
from facilitator_app.store.store import Store, StoreRole
from tests.factories import PASSPHRASE, FakeClock, make_store
from tests.gui.conftest import unlock_in_window

T = TypeVar("T")


def build_store(
    folder: Path, fill: Callable[[Store], T], *, role: StoreRole = StoreRole.COORDINATOR
) -> T:
    """A store made and filled through the services, closed again for the window to open."""
    store = make_store(folder, role=role)
    try:
        return fill(store)
    finally:
        store.close()


def open_window(
    qtbot, make_window, monkeypatch: pytest.MonkeyPatch, folder: Path, clock: FakeClock
) -> MainWindow:
    """Unlock `folder` in a window whose store reads the time from `clock`."""
    monkeypatch.setattr(
        start_pages, "unlock_or_wait", functools.partial(stores.unlock_or_wait, clock=clock)
    )
    window: MainWindow = make_window(folder)
    unlock_in_window(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    return window


def ask(qtbot, window: MainWindow, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a service on the window's open store and wait for what it returns."""
    found: list[Any] = []
    assert window.workspace is not None
    window.workspace._access.call(function, *args, done=found.append, failed=found.append, **kwargs)
    qtbot.waitUntil(lambda: bool(found))
    return found[0]
