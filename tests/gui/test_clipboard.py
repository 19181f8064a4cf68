"""Copying text out of the app: refused by default, cleared after 30 seconds when allowed."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from facilitator_app.gui import clipboard_guard
from tests.gui.conftest import create_store_in_window, lock_and_wait, unlock_in_window

RECORD_TEXT = "Canary: Beata said she felt safer tonight"


def open_window(qtbot, make_window):
    window = make_window()
    create_store_in_window(qtbot, window)
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    return window


def copy(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


def test_copying_is_refused_by_default_and_says_where_to_change_it(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    assert not window.workspace.settings_page.allow_copying.isChecked()
    copy(RECORD_TEXT)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "")
    assert "turned off" in window.statusBar().currentMessage()


def test_when_allowed_a_copy_is_cleared_after_a_while(qtbot, make_window, monkeypatch) -> None:
    monkeypatch.setattr(clipboard_guard, "CLEAR_AFTER_MS", 300)
    window = open_window(qtbot, make_window)
    page = window.workspace.settings_page
    page.allow_copying.setChecked(True)
    page.save_button.click()
    qtbot.waitUntil(lambda: window.clipboard_guard.copy_allowed)

    copy(RECORD_TEXT)
    assert QGuiApplication.clipboard().text() == RECORD_TEXT
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=3000)

    # The choice is kept in the store: still allowed after locking and unlocking.
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    qtbot.waitUntil(lambda: window.clipboard_guard.copy_allowed)
    assert window.workspace.settings_page.allow_copying.isChecked()


def test_locking_clears_an_allowed_copy_at_once(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    page = window.workspace.settings_page
    page.allow_copying.setChecked(True)
    page.save_button.click()
    qtbot.waitUntil(lambda: window.clipboard_guard.copy_allowed)
    copy(RECORD_TEXT)
    assert QGuiApplication.clipboard().text() == RECORD_TEXT
    lock_and_wait(qtbot, window)
    assert QGuiApplication.clipboard().text() == ""


def test_copying_after_locking_is_not_refused(qtbot, make_window) -> None:
    """With the store closed there are no records to protect (the unlock page)."""
    window = open_window(qtbot, make_window)
    lock_and_wait(qtbot, window)
    copy("a note of my own")
    assert QGuiApplication.clipboard().text() == "a note of my own"
    QGuiApplication.clipboard().clear()
