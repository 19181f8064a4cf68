"""The app's main window, offscreen, driven the way a person drives it, for timing."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.dataset import PASSPHRASE

if TYPE_CHECKING:
    from facilitator_app.gui.main_window import MainWindow

# The app's event loop sleeps while the store thread works; a loop that only spins
# would hold Python's lock and slow that thread down (by a third, measured).
PUMP_PAUSE = 0.0002  # seconds


def qt_app() -> object:
    """The QApplication, made offscreen and styled as the app styles it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from facilitator_app.gui.style import apply_style

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    quiet_offscreen_warning()
    app = QApplication([])
    apply_style(app)
    return app


def quiet_offscreen_warning() -> None:
    """The offscreen platform warns, once per window, that it cannot size to hints."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(f"{message}\n")

    qInstallMessageHandler(handler)


def pump_until(done: Callable[[], bool], limit: float = 60.0) -> None:
    from PySide6.QtCore import QCoreApplication

    end = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > end:
            raise RuntimeError("The window did not finish in time: nothing to measure.")
        QCoreApplication.processEvents()
        time.sleep(PUMP_PAUSE)


def paint() -> None:
    """Let Qt draw what has changed (offscreen drawing still happens, into memory)."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()


def open_window(folder: Path) -> MainWindow:
    from facilitator_app.gui.main_window import MainWindow

    qt_app()
    window = MainWindow(folder)
    window.show()
    paint()
    # The screens' code loads after the first paint, while a person types the passphrase
    # (a second or more); an unlock timed before that would time the loading too.
    pump_until(lambda: window.warm_up.is_finished)
    return window


def unlock(window: MainWindow) -> None:
    """Type the passphrase, press Unlock, and wait until every tab has loaded."""
    window.unlock_page.passphrase.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    pump_until(lambda: window.workspace is not None and not window.runner.is_busy)
    paint()


def idle(window: MainWindow) -> None:
    pump_until(lambda: not window.runner.is_busy)
    paint()
