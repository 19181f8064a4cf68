"""Bugs found in review, each driven the way a person met it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from facilitator_app.gui.main_window import MainWindow
from tests.gui.conftest import (
    PASSPHRASE,
    add_group,
    create_store_in_window,
    list_texts,
    lock_and_wait,
    plan_session,
    row_starting,
    show_tab,
    unlock_in_window,
)

GROUP = "Wednesday evening circle"
MEMBERS = ["Aled", "Beata", "Ceren"]


def open_window(qtbot, make_window) -> MainWindow:
    window = make_window()
    create_store_in_window(qtbot, window)
    return window


def test_notes_typed_before_saving_the_register_survive_a_lock(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    add_group(qtbot, window, GROUP, MEMBERS)
    plan_session(qtbot, window, "Boundaries", register_size=len(MEMBERS))
    panel = window.workspace.sessions_page.register_panel
    panel.notes.setPlainText("Beata left early; said she was fine.")
    panel.register_list.item(row_starting(panel.register_list, "Aled")).setCheckState(
        Qt.CheckState.Checked
    )
    panel.save_register_button.click()
    qtbot.waitUntil(lambda: panel.message.text() == "Register saved: 1 present.")
    assert panel.notes.toPlainText() == "Beata left early; said she was fine."

    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    panel = window.workspace.sessions_page.register_panel
    qtbot.waitUntil(lambda: panel.notes.toPlainText() == "Beata left early; said she was fine.")
    assert window.workspace.restored_notice.isVisible()
    ticked = panel.register_list.item(row_starting(panel.register_list, "Aled"))
    assert ticked.checkState() == Qt.CheckState.Checked


def test_a_new_session_being_typed_survives_a_visit_to_another_tab(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    add_group(qtbot, window, GROUP, MEMBERS)
    plan_session(qtbot, window, "An earlier session")  # a saved one the list could jump to
    sessions = window.workspace.sessions_page
    sessions.plan_button.click()
    sessions.editor.topic.setText("Half-typed topic")
    assert sessions.editor.session is None

    show_tab(qtbot, window, "Facilitators")
    show_tab(qtbot, window, "Sessions")  # reloads the groups, people and sessions
    assert sessions.editor.topic.text() == "Half-typed topic"
    assert sessions.editor.session is None
    assert sessions.editor.save_button.text() == "Plan this session"
    assert sessions.session_list.count() == 1

    sessions.editor.save_button.click()
    qtbot.waitUntil(lambda: sessions.session_list.count() == 2)
    assert any("Half-typed topic" in line for line in list_texts(sessions.session_list))


def test_an_archived_lead_is_still_named_and_changes_nothing(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    people = window.workspace.people_page
    show_tab(qtbot, window, "Facilitators")
    people.new_button.click()
    people.details.name.setText("Priya")
    people.details.save_button.click()
    qtbot.waitUntil(
        lambda: any(line.startswith("Priya") for line in list_texts(people.person_list))
    )
    add_group(qtbot, window, GROUP, MEMBERS)
    plan_session(qtbot, window, "Anger and safety", lead="Priya")
    editor = window.workspace.sessions_page.editor
    assert editor.lead.currentText() == "Priya"

    show_tab(qtbot, window, "Facilitators")
    qtbot.waitUntil(lambda: people.person_list.count() >= 2)
    people.person_list.setCurrentRow(row_starting(people.person_list, "Priya"))
    qtbot.waitUntil(lambda: people.details.name.text() == "Priya")
    people.details.archive_button.click()
    qtbot.waitUntil(
        lambda: not any(line.startswith("Priya") for line in list_texts(people.person_list))
    )

    show_tab(qtbot, window, "Sessions")
    qtbot.waitUntil(lambda: editor.lead.currentText() == "Priya (no longer active)")
    assert editor.topic.text() == "Anger and safety"
    assert editor.lead.findText("Priya") < 0  # not offered for new sessions
    assert not editor.has_changes()

    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    assert not window.workspace.restored_notice.isVisible()
    editor = window.workspace.sessions_page.editor
    qtbot.waitUntil(lambda: editor.lead.currentText() == "Priya (no longer active)")


def test_a_removed_member_can_be_seen_and_put_back(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    add_group(qtbot, window, GROUP, MEMBERS)
    plan_session(qtbot, window, "Trust", register_size=len(MEMBERS))
    register = window.workspace.sessions_page.register_panel.register_list

    show_tab(qtbot, window, "Groups")
    members = window.workspace.groups_page.members
    members.member_list.setCurrentRow(row_starting(members.member_list, "Beata"))
    assert members.name.text() == "Beata"
    assert members.remove_button.text() == "Remove from group"
    members.remove_button.click()
    qtbot.waitUntil(lambda: members.member_list.count() == 2)
    qtbot.waitUntil(lambda: "Show removed members" in members.message.text())
    assert members.message.text().startswith("Beata was taken off the list.")
    assert members.name.text() == ""  # the form is cleared, not left showing her
    assert not members.remove_button.isVisible()

    show_tab(qtbot, window, "Sessions")
    qtbot.waitUntil(lambda: list_texts(register) == ["Aled", "Ceren"])

    show_tab(qtbot, window, "Groups")
    members.show_removed.setChecked(True)
    qtbot.waitUntil(lambda: members.member_list.count() == 3)
    row = row_starting(members.member_list, "Beata")
    assert members.member_list.item(row).text().endswith("removed")
    members.member_list.setCurrentRow(row)
    assert members.remove_button.text() == "Put back in group"
    members.remove_button.click()
    qtbot.waitUntil(lambda: members.message.text() == "Beata is back on the list.")
    qtbot.waitUntil(
        lambda: (
            not members.member_list.item(row_starting(members.member_list, "Beata"))
            .text()
            .endswith("removed")
        )
    )
    members.show_removed.setChecked(False)
    qtbot.waitUntil(lambda: members.member_list.count() == 3)

    show_tab(qtbot, window, "Sessions")
    qtbot.waitUntil(lambda: list_texts(register) == MEMBERS)


def test_a_person_being_typed_survives_a_lock(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    show_tab(qtbot, window, "Facilitators")
    people = window.workspace.people_page
    people.new_button.click()
    people.details.name.setText("Half-typed Dafydd")
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    people = window.workspace.people_page
    assert window.workspace.tabs.currentWidget() is people
    assert window.workspace.restored_notice.isVisible()
    qtbot.waitUntil(lambda: people.details.name.text() == "Half-typed Dafydd")
    assert not any(line.startswith("Half-typed") for line in list_texts(people.person_list))


def test_a_new_window_during_the_wait_counts_down_without_blaming(
    qtbot, make_window, tmp_path
) -> None:
    window = open_window(qtbot, make_window)
    lock_and_wait(qtbot, window)
    page = window.unlock_page
    for attempt in range(3):
        page.passphrase.setText(f"not it {attempt}")
        page.unlock_button.click()
        qtbot.waitUntil(lambda: "did not" in page.message.text())
    assert page.message.text().startswith("That passphrase did not work. You can try again in")
    window.close()

    again = make_window(tmp_path / "store")
    page = again.unlock_page
    assert again.stack.currentWidget() is page
    page.passphrase.setText(PASSPHRASE)
    page.unlock_button.click()
    seen: list[str] = []

    def counted_down() -> None:
        text = page.message.text()
        if not seen or seen[-1] != text:
            seen.append(text)
        assert text == "You can try again now."

    qtbot.waitUntil(counted_down, timeout=15_000)
    waits = [text for text in seen if "You can try again in" in text]
    assert waits, seen
    assert not any("did not" in text for text in seen), seen  # nothing was typed wrong here
    assert not any("1 seconds" in text for text in seen), seen
    assert not again.is_unlocked

    with qtbot.waitSignal(again.unlocked, timeout=15_000):
        page.unlock_button.click()
