"""The Home tab: a greeting, what needs attention, and a click through to the record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from facilitator_app.domain.facilitators import Stage
from facilitator_app.domain.reminders import ReminderKind
from facilitator_app.gui.home_page import HomePage
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.widgets import record_of
from facilitator_app.services import facilitators
from facilitator_app.store.store import Store, StoreRole
from tests.factories import FakeClock, make_group, make_session
from tests.gui.conftest import (
    PASSPHRASE,
    create_store_in_window,
    list_texts,
    lock_and_wait,
    store_work_done,
    unlock_in_window,
)
from tests.gui.store_setup import ask, build_store, open_window

TODAY = dt.date(2025, 3, 14)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


@dataclass(frozen=True)
class Made:
    sam: str
    jo: str
    session_id: str


def fill(store: Store) -> Made:
    group = make_group(store, name="Tuesday group")
    sam = facilitators.add_facilitator(
        store, "Sam", stage=Stage.LEAD, approved_by="Morgan", on=day(-30)
    )
    jo = facilitators.add_facilitator(store, "Jo", approved_by="Morgan", on=day(-300))
    facilitators.add_supervision(store, jo.person_id, day(-2), "Morgan", "private words")
    facilitators.add_training(store, jo.person_id, "First aid", day(-700), day(10))
    session = make_session(store, group.id, date=day(4))
    return Made(sam.person_id, jo.person_id, session.id)


@pytest.fixture
def made_window(qtbot, make_window, monkeypatch, tmp_path: Path, clock: FakeClock):
    made = build_store(tmp_path / "store", fill)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", clock)
    home = home_page(window)
    qtbot.waitUntil(lambda: home.greeting.text() != "")
    return window, made


def home_page(window: MainWindow) -> HomePage:
    assert window.workspace is not None
    return window.workspace.home_page


def shown(section_list: QListWidget) -> list[str]:
    return list_texts(section_list) if section_list.isVisible() else []


def click_row(qtbot, widget: QListWidget, row: int) -> None:
    rect = widget.visualItemRect(widget.item(row))
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_home_is_the_first_tab_and_shows_reminders_by_kind(qtbot, made_window) -> None:
    window, _ = made_window
    workspace = window.workspace
    assert workspace.tabs.tabText(0) == "Home"
    assert workspace.tabs.currentWidget() is workspace.home_page
    home = home_page(window)
    assert home.greeting.text() == "Hello, Morgan. Today is Friday 14 March."
    sections = home.sections
    assert shown(sections[ReminderKind.SUPERVISION_DUE].reminder_list) == [
        "No supervision recorded yet for Sam (weekly in the first 3 months of leading)"
    ]
    assert shown(sections[ReminderKind.TRAINING_EXPIRING].reminder_list) == [
        "First aid for Jo expires on 24 March"
    ]
    assert shown(sections[ReminderKind.NO_LEAD].reminder_list) == [
        "Tuesday group on 18 March has no lead yet"
    ]
    assert not sections[ReminderKind.LED_MORE_THAN_SHARE].isVisible()
    assert sections[ReminderKind.NO_LEAD].badge.text() == "1"
    assert not home.empty_label.isVisible()


def test_a_person_reminder_opens_them_on_the_facilitators_tab(qtbot, made_window) -> None:
    window, made = made_window
    workspace = window.workspace
    training = home_page(window).sections[ReminderKind.TRAINING_EXPIRING].reminder_list
    click_row(qtbot, training, 0)
    assert workspace.tabs.currentWidget() is workspace.people_page
    people = workspace.people_page
    qtbot.waitUntil(
        lambda: getattr(record_of(people.person_list.currentItem()), "id", None) == made.jo
    )


def test_a_session_reminder_opens_it_on_the_sessions_tab(qtbot, made_window) -> None:
    window, made = made_window
    workspace = window.workspace
    no_lead = home_page(window).sections[ReminderKind.NO_LEAD].reminder_list
    no_lead.setCurrentRow(0)
    qtbot.keyClick(no_lead, Qt.Key.Key_Return)
    assert workspace.tabs.currentWidget() is workspace.sessions_page
    editor = workspace.sessions_page.editor
    qtbot.waitUntil(lambda: editor.session is not None and editor.session.id == made.session_id)


def test_showing_the_tab_again_brings_it_up_to_date(qtbot, made_window) -> None:
    window, made = made_window
    workspace = window.workspace
    ask(qtbot, window, facilitators.add_supervision, made.sam, TODAY, "Morgan")
    workspace.tabs.setCurrentWidget(workspace.groups_page)
    workspace.tabs.setCurrentWidget(workspace.home_page)
    supervision = home_page(window).sections[ReminderKind.SUPERVISION_DUE]
    qtbot.waitUntil(lambda: not supervision.isVisible())


def test_a_new_coordinator_store_asks_only_for_a_recovery_sheet(qtbot, make_window) -> None:
    window = make_window()
    create_store_in_window(qtbot, window)
    home = home_page(window)
    sheet = home.sections[ReminderKind.NO_RECOVERY_SHEET]
    qtbot.waitUntil(lambda: sheet.isVisible())
    assert [s for s in home.sections.values() if s.isVisible()] == [sheet]
    assert "no recovery sheet yet" in list_texts(sheet.reminder_list)[0]
    assert home.greeting.text().startswith("Hello, Morgan. Today is ")

    # Clicking it leads to Settings, where the sheet is made; then nothing is left.
    sheet.reminder_list.itemClicked.emit(sheet.reminder_list.item(0))
    workspace = window.workspace
    assert workspace.tabs.currentWidget() is workspace.settings_scroll
    with store_work_done(qtbot, window):
        workspace.settings_page.passphrase.make_sheet(PASSPHRASE)
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    home = home_page(window)
    window.workspace.tabs.setCurrentWidget(home)
    qtbot.waitUntil(lambda: home.empty_label.isVisible())
    assert home.empty_label.text() == "Nothing needs attention today."
    assert not any(section.isVisible() for section in home.sections.values())


def test_supervision_intervals_are_checked_before_saving(qtbot, made_window) -> None:
    window, _ = made_window
    box = window.workspace.settings_page.supervision
    assert box is not None
    qtbot.waitUntil(lambda: box.every_days.value() == 30)
    box.new_lead_every_days.setValue(40)
    box.save_button.click()
    qtbot.waitUntil(
        lambda: box.message.text().startswith("New leads are supervised at least as often")
    )
    box.new_lead_every_days.setValue(14)
    box.save_button.click()
    qtbot.waitUntil(lambda: box.message.text() == "Saved.")


def test_a_facilitators_laptop_has_no_supervision_settings(
    qtbot, make_window, monkeypatch, tmp_path: Path, clock: FakeClock
) -> None:
    build_store(tmp_path / "laptop", lambda store: None, role=StoreRole.FACILITATOR)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "laptop", clock)
    assert window.workspace.settings_page.supervision is None
    home = home_page(window)
    qtbot.waitUntil(lambda: home.empty_label.isVisible())
