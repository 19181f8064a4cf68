"""The warm-up: Qt-free modules on a thread of their own, screens on the GUI thread."""

from __future__ import annotations

import logging
import threading

import pytest

from facilitator_app.gui import warm_up
from facilitator_app.gui.warm_up import WarmUp

# Standard-library modules the app never imports, so loading them is the warm-up's doing.
BACKGROUND = ("colorsys", "no_such_module_anywhere", "zipapp")
SCREENS = ("facilitator_app.gui.widgets", "no_such_screen")


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Each module the warm-up loads, and whether it was on the GUI thread."""
    seen: list[tuple[str, bool]] = []
    load = warm_up._load

    def noted(name: str) -> None:
        seen.append((name, threading.current_thread() is threading.main_thread()))
        load(name)

    monkeypatch.setattr(warm_up, "_load", noted)
    return seen


def test_background_modules_load_off_the_gui_thread_and_screens_on_it(
    qtbot, loads: list[tuple[str, bool]]
) -> None:
    warming = WarmUp(background=BACKGROUND, screens=SCREENS)
    assert not warming.is_finished

    with qtbot.waitSignal(warming.finished, timeout=10_000):
        warming.start()

    assert warming.is_finished
    assert loads == [
        ("colorsys", False),
        ("no_such_module_anywhere", False),
        ("zipapp", False),
        ("facilitator_app.gui.widgets", True),
        ("no_such_screen", True),
    ]


def test_a_module_that_cannot_load_is_logged_and_the_rest_still_load(
    qtbot, caplog: pytest.LogCaptureFixture
) -> None:
    warming = WarmUp(background=BACKGROUND, screens=SCREENS)
    with (
        caplog.at_level(logging.ERROR, logger="facilitator_app.gui.warm_up"),
        qtbot.waitSignal(warming.finished, timeout=10_000),
    ):
        warming.start()

    failed = [r.getMessage() for r in caplog.records]
    assert failed == [
        "could not load no_such_module_anywhere ahead of time",
        "could not load no_such_screen ahead of time",
    ]
    assert all(r.exc_info is not None for r in caplog.records)  # the traceback, for the log


def test_starting_twice_loads_once(qtbot, loads: list[tuple[str, bool]]) -> None:
    warming = WarmUp(background=("colorsys",), screens=())
    with qtbot.waitSignal(warming.finished, timeout=10_000):
        warming.start()
        warming.start()
    warming.start()

    assert loads == [("colorsys", False)]
