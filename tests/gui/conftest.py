"""GUI fixtures: a main window on a fresh store folder, driven as a person would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QWidget

from facilitator_app.gui.main_window import MainWindow
from facilitator_app.services import stores
from facilitator_app.store.keys import KdfParams

PASSPHRASE = "a quiet walk by the river"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its floor (t=3, 64 MiB) instead of calibrating to a full second."""
    monkeypatch.setattr(stores, "calibrate_kdf", KdfParams)


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator:
    windows: list[MainWindow] = []

    def make(folder: Path | None = None) -> MainWindow:
        window = MainWindow(folder or tmp_path / "store")
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def create_store_in_window(qtbot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """First start: the welcome page, then the create form, then the open workspace."""
    assert window.stack.currentWidget() is window.welcome_page
    window.welcome_page.create_button.click()
    page = window.create_page
    assert window.stack.currentWidget() is page
    page.organisation.setText("Riverside Survivors' Network")
    page.your_name.setText("Morgan")
    page.passphrase.setText(passphrase)
    page.repeated.setText(passphrase)
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        page.create_button.click()


def unlock_in_window(qtbot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    assert window.stack.currentWidget() is window.unlock_page
    window.unlock_page.passphrase.setText(passphrase)
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        window.unlock_page.unlock_button.click()


def lock_and_wait(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock_now()


def plan_new_session(qtbot, window: MainWindow, *, save: bool = True) -> None:
    """Go to the Sessions tab, start a new session for the chosen group, and save it."""
    window.workspace.tabs.setCurrentWidget(window.workspace.sessions_page)
    sessions = window.workspace.sessions_page
    qtbot.waitUntil(lambda: sessions.plan_button.isEnabled())
    sessions.plan_button.click()
    if save:
        sessions.editor.save_button.click()
        qtbot.waitUntil(lambda: sessions.register_panel.isEnabled())


def visible_texts(root: QWidget) -> list[str]:
    """Every piece of text a person could read in the window right now."""
    texts: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QListWidget):
            texts.extend(widget.item(row).text() for row in range(widget.count()))
    texts.append(root.windowTitle())
    return texts


def app_clipboard_text() -> str:
    return QApplication.clipboard().text()
