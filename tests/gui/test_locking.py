"""Every way the app locks blanks the window at once and keeps what was being typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from tests.gui.conftest import (
    create_store_in_window,
    lock_and_wait,
    plan_new_session,
    unlock_in_window,
)


def open_window(qtbot, make_window):
    window = make_window()
    create_store_in_window(qtbot, window)
    return window


def test_ctrl_l_locks(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.unlock_page
    assert not window.is_unlocked


def test_lock_button_locks(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock_action.trigger()
    assert window.workspace is None


def test_shift_three_times_locks(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        for _ in range(3):
            QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
    assert window.stack.currentWidget() is window.unlock_page


def test_shift_for_capital_letters_does_not_lock(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    handle = window.windowHandle()
    for key in (Qt.Key.Key_Shift, Qt.Key.Key_A, Qt.Key.Key_Shift, Qt.Key.Key_B, Qt.Key.Key_Shift):
        QTest.keyClick(handle, key)
    qtbot.wait(50)  # let any queued lock request through; none must come
    assert window.is_unlocked
    assert window.workspace is not None


def test_idle_timeout_locks(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    assert window.guard.idle_interval_ms == 5 * 60_000  # the default: five minutes
    window.guard.arm(50)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        pass
    assert window.stack.currentWidget() is window.unlock_page


def test_idle_setting_is_saved_and_used(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    page = window.workspace.settings_page
    page.idle_minutes.setValue(12)
    page.save_button.click()
    qtbot.waitUntil(lambda: window.guard.idle_interval_ms == 12 * 60_000)
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    assert window.guard.idle_interval_ms == 12 * 60_000
    assert window.workspace.settings_page.idle_minutes.value() == 12


def test_lock_clears_text_the_app_put_on_the_clipboard(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    QGuiApplication.clipboard().setText("Beata said she felt safer tonight")
    lock_and_wait(qtbot, window)
    assert QGuiApplication.clipboard().text() == ""


def test_unsaved_group_typing_survives_a_lock(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    page = window.workspace.groups_page
    page.new_button.click()
    page.editor.name.setText("Half-typed group name")
    page.editor.agreement.setPlainText("Headlines, not details.")
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    page = window.workspace.groups_page
    qtbot.waitUntil(lambda: page.editor.name.text() == "Half-typed group name")
    assert page.editor.agreement.toPlainText() == "Headlines, not details."
    assert window.workspace.restored_notice.isVisible()
    assert page.group_list.count() == 0  # still a draft: nothing was saved behind their back
    page.editor.save_button.click()
    qtbot.waitUntil(lambda: page.group_list.count() == 1)


def test_unsaved_member_and_notes_survive_a_lock(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    groups = window.workspace.groups_page
    groups.editor.name.setText("Thursday group")
    groups.editor.save_button.click()
    qtbot.waitUntil(lambda: groups.members.isEnabled())
    groups.members.name.setText("Dilys")
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    groups = window.workspace.groups_page
    qtbot.waitUntil(lambda: groups.members.name.text() == "Dilys")
    assert groups.detail_tabs.currentIndex() == 1
    groups.members.save_button.click()
    qtbot.waitUntil(lambda: groups.members.member_list.count() == 1)

    plan_new_session(qtbot, window)
    panel = window.workspace.sessions_page.register_panel
    qtbot.waitUntil(lambda: panel.register_list.count() == 1)
    panel.notes.setPlainText("Started ten minutes late; venue double-booked.")
    panel.register_list.item(0).setCheckState(Qt.CheckState.Checked)
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    panel = window.workspace.sessions_page.register_panel
    qtbot.waitUntil(
        lambda: panel.notes.toPlainText() == "Started ten minutes late; venue double-booked."
    )
    assert panel.register_list.item(0).checkState() == Qt.CheckState.Checked
