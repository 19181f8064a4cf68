"""The first evening with the app: create a store, add a group, plan, take the register, lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from facilitator_app.gui.main_window import MainWindow
from tests.gui.conftest import (
    create_store_in_window,
    lock_and_wait,
    unlock_in_window,
    visible_texts,
)

GROUP = "Wednesday evening circle"
MEMBERS = ["Aled", "Beata", "Ceren"]
TOPIC = "Sleep and looking after yourself"


def add_group_with_members(qtbot, window: MainWindow) -> None:
    page = window.workspace.groups_page
    page.new_button.click()
    page.editor.name.setText(GROUP)
    page.editor.venue.setText("St Anne's hall")
    page.editor.save_button.click()
    qtbot.waitUntil(lambda: page.group_list.count() == 1)
    qtbot.waitUntil(lambda: page.members.isEnabled())
    page.detail_tabs.setCurrentIndex(1)
    for name in MEMBERS:
        page.members.add_button.click()
        page.members.name.setText(name)
        page.members.consent_given.tick.setChecked(True)
        count = page.members.member_list.count()
        page.members.save_button.click()
        qtbot.waitUntil(lambda count=count: page.members.member_list.count() == count + 1)


def plan_session(qtbot, window: MainWindow) -> None:
    window.workspace.tabs.setCurrentWidget(window.workspace.sessions_page)
    page = window.workspace.sessions_page
    qtbot.waitUntil(lambda: page.group_choice.currentText() == GROUP)
    qtbot.waitUntil(lambda: page.plan_button.isEnabled())
    page.plan_button.click()
    page.editor.topic.setText(TOPIC)
    page.editor.lead.setCurrentIndex(page.editor.lead.findText("Morgan"))
    page.editor.save_button.click()
    qtbot.waitUntil(lambda: page.session_list.count() == 1)
    qtbot.waitUntil(lambda: page.register_panel.register_list.count() == len(MEMBERS))


def tick(register: QListWidget, names: list[str]) -> None:
    for row in range(register.count()):
        item = register.item(row)
        if item.text() in names:
            item.setCheckState(Qt.CheckState.Checked)


def test_create_plan_register_lock_and_unlock_again(qtbot, make_window) -> None:
    window = make_window()
    create_store_in_window(qtbot, window)
    assert window.organisation_label.text() == "Riverside Survivors' Network"

    add_group_with_members(qtbot, window)
    plan_session(qtbot, window)
    sessions_page = window.workspace.sessions_page
    panel = sessions_page.register_panel
    tick(panel.register_list, ["Aled", "Ceren"])
    panel.save_register_button.click()
    qtbot.waitUntil(lambda: "2 present" in panel.message.text())
    panel.notes.setPlainText("Quiet start; everyone stayed to the end.")
    panel.save_notes_button.click()
    qtbot.waitUntil(lambda: panel.message.text() == "Notes saved.")
    panel.held_button.click()
    qtbot.waitUntil(lambda: "held" in sessions_page.session_list.item(0).text())

    lock_and_wait(qtbot, window)
    assert window.stack.currentWidget() is window.unlock_page
    assert window.workspace is None
    assert not window.toolbar.isVisible()
    qtbot.waitUntil(lambda: all(w.isHidden() for w in window.findChildren(QListWidget)))
    shown = " ".join(visible_texts(window))
    for secret in [GROUP, TOPIC, *MEMBERS, "Riverside", "Quiet start"]:
        assert secret not in shown

    unlock_in_window(qtbot, window)
    sessions_page = window.workspace.sessions_page
    assert window.workspace.tabs.currentWidget() is sessions_page
    qtbot.waitUntil(lambda: sessions_page.session_list.count() == 1)
    qtbot.waitUntil(lambda: sessions_page.editor.topic.text() == TOPIC)
    panel = sessions_page.register_panel
    qtbot.waitUntil(lambda: panel.register_list.count() == len(MEMBERS))
    ticked = [
        panel.register_list.item(row).text()
        for row in range(panel.register_list.count())
        if panel.register_list.item(row).checkState() == Qt.CheckState.Checked
    ]
    assert ticked == ["Aled", "Ceren"]
    assert panel.notes.toPlainText() == "Quiet start; everyone stayed to the end."
    assert "Held" in panel.status.text()
