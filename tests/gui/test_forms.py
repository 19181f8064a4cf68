"""Bad input in the forms gets a calm message in place and changes nothing."""

from __future__ import annotations

import datetime as dt

from facilitator_app.domain.groups import GroupKind
from tests.gui.conftest import create_store_in_window, plan_new_session


def open_groups(qtbot, make_window):
    window = make_window()
    create_store_in_window(qtbot, window)
    window.workspace.tabs.setCurrentWidget(window.workspace.groups_page)  # Home comes first
    return window, window.workspace.groups_page


def save_group(qtbot, page, name: str, kind: GroupKind = GroupKind.CLOSED) -> None:
    page.new_button.click()
    page.editor.name.setText(name)
    page.editor.kind.setCurrentIndex(page.editor.kind.findData(kind.value))
    count = page.group_list.count()
    page.editor.save_button.click()
    qtbot.waitUntil(lambda: page.group_list.count() == count + 1)


def test_group_without_a_name_is_refused(qtbot, make_window) -> None:
    _, page = open_groups(qtbot, make_window)
    page.editor.name.setText("   ")
    page.editor.save_button.click()
    qtbot.waitUntil(lambda: page.editor.message.isVisible())
    assert page.editor.message.text() == "The group's name can't be empty."
    assert page.group_list.count() == 0


def test_group_ending_before_it_starts_is_refused(qtbot, make_window) -> None:
    _, page = open_groups(qtbot, make_window)
    page.editor.name.setText("Spring group")
    page.editor.start_date.set_value(dt.date(2027, 3, 1), dt.date(2027, 3, 1))
    page.editor.end_date.set_value(dt.date(2027, 2, 1), dt.date(2027, 2, 1))
    page.editor.save_button.click()
    qtbot.waitUntil(lambda: page.editor.message.isVisible())
    assert "before the start date" in page.editor.message.text()
    assert page.group_list.count() == 0


def test_right_to_left_and_emoji_names_are_shown_intact(qtbot, make_window) -> None:
    _, page = open_groups(qtbot, make_window)
    save_group(qtbot, page, "مجموعة الأربعاء 🌿")
    assert page.group_list.item(0).text() == "مجموعة الأربعاء 🌿"
    page.detail_tabs.setCurrentIndex(1)
    page.members.name.setText("Łucja Ŵyn Şule Ελένη Nguyễn")
    page.members.save_button.click()
    qtbot.waitUntil(lambda: page.members.member_list.count() == 1)
    assert page.members.member_list.item(0).text().startswith("Łucja Ŵyn Şule Ελένη Nguyễn")


def test_archived_group_leaves_the_list_and_can_be_restored(qtbot, make_window) -> None:
    _, page = open_groups(qtbot, make_window)
    save_group(qtbot, page, "Autumn group")
    page.editor.archive_button.click()
    qtbot.waitUntil(lambda: page.group_list.count() == 0)
    page.show_archived.setChecked(True)
    qtbot.waitUntil(lambda: page.group_list.count() == 1)
    assert page.group_list.item(0).text() == "Autumn group (archived)"
    page.group_list.setCurrentRow(0)
    assert page.editor.archive_button.text() == "Restore group"
    page.editor.archive_button.click()
    qtbot.waitUntil(lambda: page.group_list.item(0).text() == "Autumn group")


def test_session_ending_before_it_starts_is_refused(qtbot, make_window) -> None:
    window, page = open_groups(qtbot, make_window)
    save_group(qtbot, page, "Tuesday group")
    plan_new_session(qtbot, window, save=False)
    sessions = window.workspace.sessions_page
    sessions.editor.start_time.set_value(dt.time(19, 0), dt.time(19, 0))
    sessions.editor.end_time.set_value(dt.time(18, 0), dt.time(18, 0))
    sessions.editor.save_button.click()
    qtbot.waitUntil(lambda: sessions.editor.message.isVisible())
    assert sessions.editor.message.text() == "The session ends before it starts."
    assert sessions.session_list.count() == 0


def test_overlong_notes_are_refused_and_the_saved_notes_stay(qtbot, make_window) -> None:
    window, page = open_groups(qtbot, make_window)
    save_group(qtbot, page, "Tuesday group")
    plan_new_session(qtbot, window)
    sessions = window.workspace.sessions_page
    panel = sessions.register_panel
    panel.notes.setPlainText("x" * 100_000)
    panel.save_notes_button.click()
    assert "at most 4000 characters" in panel.message.text()
    assert sessions.editor.session is not None
    assert panel._session.notes == ""


def test_drop_in_sessions_count_heads_instead_of_names(qtbot, make_window) -> None:
    window, page = open_groups(qtbot, make_window)
    save_group(qtbot, page, "Monday drop-in", GroupKind.DROP_IN)
    plan_new_session(qtbot, window)
    sessions = window.workspace.sessions_page
    panel = sessions.register_panel
    assert panel.headcount.isVisible()
    assert not panel.register_list.isVisible()
    panel.headcount.setValue(7)
    panel.save_register_button.click()
    qtbot.waitUntil(lambda: panel.message.text() == "Head-count saved.")
    assert panel._session.headcount == 7
