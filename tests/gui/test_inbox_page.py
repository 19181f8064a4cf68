"""The coordinator's Inbox tab and the top of the Home tab (issue 7), driven through the window.

Robin's paired laptop submits debriefs and an incident record, sealed, and a USB
stick carries them to the coordinator's store, exactly as in use; then the window
opens on the coordinator's store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.incidents import IncidentFields
from facilitator_app.domain.protocols import RecordField, finish, mark_done, start_run
from facilitator_app.domain.records import RecordKind
from facilitator_app.gui.document_dialog import DocumentDialog
from facilitator_app.gui.inbox_badges import line_badges
from facilitator_app.gui.inbox_page import InboxPage
from facilitator_app.gui.inbox_print import GroupDebriefsDialog
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.services import debriefs, follow_ups, inbox, incidents, sessions
from facilitator_app.services.inbox import InboxLine
from facilitator_app.services.protocols import get_protocol
from tests.factories import FIXED_NOW, FakeClock, make_group, make_member, make_session
from tests.gui.conftest import open_paper, wait_for_pdf
from tests.gui.store_setup import ask, open_window
from tests.gui.sync_windows import export_to_stick, sync_tab
from tests.sync_setup import carry, give_groups, join, new_coordinator

CONCERN = "Jo left a little early. <i>Not</i> markup."
ADDENDUM = "Jo sent a message: they are fine."
REVIEW_NOTE = "Rang Robin on Wednesday."


@dataclass(frozen=True)
class Made:
    coordinator: Path
    laptop: Path
    stick: Path  # a later debrief, exported but not yet taken in
    first: str  # 4 March debrief: opened already, nothing flagged
    second: str  # 11 March debrief: safeguarding, wants contact, an incident, an addendum
    incident: str  # 11 March: Robin recorded being triggered
    group_id: str


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, 0, tzinfo=dt.UTC)


def build_org(tmp_path: Path, clock: FakeClock) -> Made:
    clock.now = _at(1, 9)  # time runs forward through the fortnight, as it would
    coordinator = new_coordinator(tmp_path / "coordinator", clock)
    robin = join(coordinator, tmp_path / "robin", "Robin", clock, tmp=tmp_path)
    laptop = robin.store
    try:
        group = make_group(coordinator, name="Tuesday evening group")
        give_groups(coordinator, robin.person_id, group.id)
        alex, jo = (make_member(coordinator, group.id, name=n).id for n in ("Alex", "Jo"))
        first_session, second_session, third_session = (
            make_session(coordinator, group.id, date=dt.date(2025, 3, day)) for day in (4, 11, 13)
        )
        carry(coordinator, laptop, tmp_path)

        clock.now = _at(4, 21)
        sessions.take_register(laptop, first_session.id, [alex])
        first = debriefs.start_debrief(laptop, first_session.id)
        debriefs.submit(laptop, first.id, DebriefFields(how_it_went=HowItWent.SETTLED))
        carry(laptop, coordinator, tmp_path)
        inbox.open_record(coordinator, first.id)

        clock.now = _at(11, 20)
        sessions.take_register(laptop, second_session.id, [alex, jo])
        run = start_run(get_protocol("facilitator-triggered"), _at(11, 19))
        run = finish(mark_done(run, _at(11, 19)), _at(11, 19))
        incident = incidents.save_draft(
            laptop,
            None,
            IncidentFields(
                run=run,
                group_id=group.id,
                session_id=second_session.id,
                notes={RecordField.DONE: "Handed over and stepped out."},
            ),
        )
        incidents.submit(laptop, incident.id)
        clock.now = _at(11, 21)
        second = debriefs.start_debrief(laptop, second_session.id)
        debriefs.submit(
            laptop,
            second.id,
            DebriefFields(
                how_it_went=HowItWent.MIXED,
                topics="Boundaries",
                concerns=CONCERN,
                safeguarding=True,
                wellbeing=2,
                wants_contact=True,
            ),
        )
        debriefs.add_addendum(laptop, second.id, ADDENDUM)
        carry(laptop, coordinator, tmp_path)

        clock.now = _at(13, 21)
        third = debriefs.start_debrief(laptop, third_session.id)
        debriefs.submit(laptop, third.id, DebriefFields(how_it_went=HowItWent.SETTLED))
        stick = export_to_stick(laptop, tmp_path)
        clock.now = FIXED_NOW
        return Made(
            tmp_path / "coordinator",
            tmp_path / "robin",
            stick,
            first.id,
            second.id,
            incident.id,
            group.id,
        )
    finally:
        laptop.close()
        coordinator.close()


@pytest.fixture
def made(tmp_path: Path, clock: FakeClock) -> Made:
    return build_org(tmp_path, clock)


@pytest.fixture
def window(qtbot, make_window, monkeypatch, made: Made, clock: FakeClock) -> MainWindow:
    opened = open_window(qtbot, make_window, monkeypatch, made.coordinator, clock)
    page = inbox_page(opened)
    qtbot.waitUntil(lambda: len(page.shown_lines()) == 3)
    return opened


def inbox_page(window: MainWindow) -> InboxPage:
    assert window.workspace is not None
    page = window.workspace.inbox_page
    assert page is not None
    return page


def show_inbox(window: MainWindow) -> InboxPage:
    page = inbox_page(window)
    window.workspace.tabs.setCurrentWidget(page)
    return page


def tab_titles(window: MainWindow) -> list[str]:
    tabs = window.workspace.tabs
    return [tabs.tabText(index) for index in range(tabs.count())]


def badges(line: InboxLine) -> list[str]:
    return [badge.text for badge in line_badges(line)]


def by_id(page: InboxPage) -> dict[str, InboxLine]:
    return {line.id: line for line in page.shown_lines()}


def open_by_keyboard(qtbot, page: InboxPage, record_id: str) -> None:
    """Choose the row and press Enter, as a person would."""
    row = page.model.row_of(record_id)
    page.list_view.setCurrentIndex(page.model.index(row))
    page.list_view.setFocus()
    qtbot.keyClick(page.list_view, Qt.Key.Key_Return)
    view = page.record_view
    qtbot.waitUntil(lambda: view.record is not None and view.record.line.id == record_id)


def stored_line(qtbot, window: MainWindow, record_id: str) -> InboxLine:
    lines = ask(qtbot, window, inbox.inbox)
    return next(line for line in lines if line.id == record_id)


def home_section(qtbot, window: MainWindow):
    """Show the Home tab, read afresh (as it is each time it is shown)."""
    workspace = window.workspace
    if workspace.tabs.currentWidget() is workspace.home_page:
        workspace.home_page.reload()
    else:
        workspace.tabs.setCurrentWidget(workspace.home_page)
    section = workspace.home_page.inbox
    assert section is not None
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    return section


# --- the list -------------------------------------------------------------------------


def test_the_inbox_comes_after_home_with_unread_first_and_calm_badges(qtbot, window, made) -> None:
    assert tab_titles(window)[:2] == ["Home", "Inbox (2)"]
    page = show_inbox(window)
    lines = page.shown_lines()
    assert [line.unread for line in lines] == [True, True, False]
    assert lines[2].id == made.first
    shown = by_id(page)
    assert badges(shown[made.second]) == [
        "Safeguarding",
        "Wants contact",
        "Incident",
        "New addendum",
    ]
    assert badges(shown[made.incident]) == ["Wants contact"]
    assert badges(shown[made.first]) == []
    assert shown[made.incident].kind is RecordKind.INCIDENT
    # What the row says (to a screen reader, in its tooltip): no record text at all.
    row = page.model.row_of(made.second)
    text = page.model.index(row).data(Qt.ItemDataRole.DisplayRole)
    assert text == (
        "11 Mar 2025 · Debrief · Tuesday evening group — Robin · unread · "
        "Safeguarding · Wants contact · Incident · New addendum"
    )
    assert "Jo" not in text
    assert page.count_label.text() == "3 records, 2 unread."


def test_the_filter_narrows_the_loaded_lines(qtbot, window, made) -> None:
    page = show_inbox(window)
    page.filter_edit.setText("safeguarding")
    assert [line.id for line in page.shown_lines()] == [made.second]
    assert page.count_label.text() == "Showing 1 of 3 records."
    page.filter_edit.setText("4 march")
    assert [line.id for line in page.shown_lines()] == [made.first]
    page.filter_edit.setText("nothing like this")
    assert page.shown_lines() == []
    assert page.count_label.text() == "No records match. Clear the filter to see them all."
    # Typing on narrows the lines shown; taking letters away widens them again.
    page.filter_edit.setText("robin")
    assert len(page.shown_lines()) == 3
    page.filter_edit.setText("robin inc")
    assert {line.id for line in page.shown_lines()} == {made.second, made.incident}
    page.filter_edit.setText("robin")
    assert len(page.shown_lines()) == 3
    page.filter_edit.clear()
    page.unread_only.setChecked(True)
    assert {line.id for line in page.shown_lines()} == {made.second, made.incident}
    page.unread_only.setChecked(False)
    assert len(page.shown_lines()) == 3


# --- opening a record -----------------------------------------------------------------


def test_opening_a_debrief_marks_it_read_and_shows_it_with_its_addendum(
    qtbot, window, made
) -> None:
    page = show_inbox(window)
    open_by_keyboard(qtbot, page, made.second)
    view = page.record_view
    assert view.title.text() == "Debrief — Tuesday evening group"
    assert view.subtitle.text() == "After the session on Tuesday 11 March 2025"
    body = view.body.text()
    assert "Alex, Jo (2 present)" in body
    assert "Mixed: some harder moments" in body
    # What the facilitator wrote is shown as text, never read as markup.
    assert "&lt;i&gt;Not&lt;/i&gt; markup." in body
    assert body.index("Anything of concern") < body.index(ADDENDUM)  # after the original
    assert "Wellbeing 2 of 5" in body
    assert view.contact_status.text().startswith("Robin asked for someone to get in touch.")
    assert view.linked_incidents.isVisible()
    assert view.print_button.isVisible()

    assert not stored_line(qtbot, window, made.second).unread
    qtbot.waitUntil(lambda: tab_titles(window)[1] == "Inbox (1)")
    assert not by_id(page)[made.second].unread
    assert badges(by_id(page)[made.second])[-1] == "+1 addendum"
    assert page.count_label.text() == "3 records, 1 unread."

    # The incident listed with the debrief opens from there, and is read too.
    incident_list = view.linked_incidents.record_list
    assert incident_list.count() == 1
    assert incident_list.item(0).text() == "Incident record · 11 Mar 2025 · Robin · unread"
    rect = incident_list.visualItemRect(incident_list.item(0))
    qtbot.mouseClick(incident_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.record is not None and view.record.line.id == made.incident)
    assert view.title.text() == "Incident record — Tuesday evening group"
    assert "Handed over and stepped out." in view.body.text()
    assert not view.print_button.isVisible()
    assert view.contact_status.text().startswith("Robin recorded being triggered.")
    qtbot.waitUntil(lambda: tab_titles(window)[1] == "Inbox")


def test_record_text_can_be_selected_but_offers_no_copy_menu(qtbot, window, made) -> None:
    page = show_inbox(window)
    open_by_keyboard(qtbot, page, made.second)
    body = page.record_view.body
    assert body.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert body.contextMenuPolicy() is Qt.ContextMenuPolicy.NoContextMenu


def test_reviewed_with_a_note_then_undone(qtbot, window, made) -> None:
    page = show_inbox(window)
    open_by_keyboard(qtbot, page, made.second)
    view = page.record_view
    assert view.review_status.text() == "Not reviewed yet."
    view.review_note.setText(REVIEW_NOTE)
    view.review_button.click()
    qtbot.waitUntil(lambda: view.unreview_button.isVisible())
    assert view.review_status.text().startswith("Reviewed by you, ")
    assert view.review_status.text().endswith(f"Note: {REVIEW_NOTE}")
    assert not view.review_note.isVisible()
    assert stored_line(qtbot, window, made.second).reviewed
    assert "Reviewed" in badges(by_id(page)[made.second])
    assert "Reviewed" in view.badges.texts()

    view.unreview_button.click()
    qtbot.waitUntil(lambda: view.review_button.isVisible())
    assert view.review_status.text() == "Not reviewed yet."
    assert not stored_line(qtbot, window, made.second).reviewed
    assert "Reviewed" not in badges(by_id(page)[made.second])


def test_a_review_note_too_long_is_refused_calmly_and_changes_nothing(qtbot, window, made) -> None:
    page = show_inbox(window)
    open_by_keyboard(qtbot, page, made.second)
    view = page.record_view
    view.review_note.setText("x" * 2_001)
    view.review_button.click()
    qtbot.waitUntil(view.message.isVisible)
    assert view.message.text() == (
        "The review note can hold at most 2,000 characters (this has 2,001 characters)."
    )
    assert view.review_button.isVisible()
    assert not stored_line(qtbot, window, made.second).reviewed


# --- follow-ups and contact requests on the Home tab -----------------------------------


def test_a_follow_up_shows_on_home_until_it_is_done(qtbot, window, made) -> None:
    page = show_inbox(window)
    open_by_keyboard(qtbot, page, made.second)
    box = page.record_view.follow_ups
    assert box.empty_label.isVisible()
    box.what.setText("Ring Robin before next week")
    box.who.setCurrentIndex(box.who.findText("Morgan"))
    box.due.tick.setChecked(True)
    box.due.edit.setDate(dt.date(2025, 3, 18))
    box.add_button.click()
    qtbot.waitUntil(lambda: box.follow_up_list.count() == 1)
    assert (
        box.follow_up_list.item(0).text() == "Ring Robin before next week · Morgan · due 18 March"
    )
    assert box.what.text() == ""

    section = home_section(qtbot, window)
    assert section.follow_up_texts() == ["Ring Robin before next week · Morgan · due 18 March"]
    assert section.follow_up_count.text() == "1"
    done = section.follow_up_rows[0].buttons[1]
    assert done.text() == "Done"
    done.click()
    qtbot.waitUntil(lambda: section.follow_up_texts() == [])
    assert not section.follow_up_title.isVisible()
    assert ask(qtbot, window, follow_ups.open_follow_ups) == []
    (kept,) = ask(qtbot, window, follow_ups.follow_ups, made.second)
    assert kept.is_done


def test_home_shows_the_first_few_follow_ups_and_all_on_request(qtbot, window, made) -> None:
    for number in range(1, 8):
        ask(qtbot, window, follow_ups.add_follow_up, made.second, f"Step {number}", None, None)
    section = home_section(qtbot, window)
    assert section.follow_up_count.text() == "7"
    assert len(section.follow_up_texts()) == 5
    assert section.follow_up_more.text() == "Show all 7"
    section.follow_up_more.click()
    qtbot.waitUntil(lambda: len(section.follow_up_texts()) == 7)
    assert sorted(section.follow_up_texts()) == [
        f"Step {number} · nobody chosen yet" for number in range(1, 8)
    ]
    assert section.follow_up_more.text() == "Show only the first 5"
    assert not section.contact_more.isVisible()  # two contact requests: all shown already
    section.follow_up_more.click()
    qtbot.waitUntil(lambda: len(section.follow_up_texts()) == 5)


def test_a_follow_up_needs_some_words(qtbot, window, made) -> None:
    page = show_inbox(window)
    open_by_keyboard(qtbot, page, made.second)
    box = page.record_view.follow_ups
    box.add_button.click()
    qtbot.waitUntil(box.message.isVisible)
    assert box.message.text() == "Say what the follow-up is."
    assert ask(qtbot, window, follow_ups.follow_ups, made.second) == []


def test_a_contact_request_stays_on_home_until_contact_is_recorded(qtbot, window, made) -> None:
    section = home_section(qtbot, window)
    # Both from the same day: which comes first is not a promise.
    assert sorted(section.contact_texts()) == [
        "Robin asked for someone to get in touch — after the Tuesday evening group, 11 March",
        "Robin recorded being triggered — Tuesday evening group, 11 March",
    ]
    assert section.new_records.text() == "2 new records in the inbox."
    # No record text on the Home tab.
    texts = " ".join(label.text() for label in section.findChildren(QLabel))
    assert "Jo" not in texts
    assert "Boundaries" not in texts

    debrief_row = next(r for r in section.contact_rows if "asked for someone" in r.text.text())
    debrief_row.buttons[0].click()  # Open
    page = inbox_page(window)
    assert window.workspace.tabs.currentWidget() is page
    view = page.record_view
    qtbot.waitUntil(lambda: view.record is not None and view.record.line.id == made.second)
    # Still waiting: opening is not contact.
    section = home_section(qtbot, window)
    assert len(section.contact_texts()) == 2
    assert section.new_records.text() == "1 new record in the inbox."

    debrief_row = next(r for r in section.contact_rows if "asked for someone" in r.text.text())
    assert debrief_row.buttons[1].text() == "Record contact"
    debrief_row.buttons[1].click()
    qtbot.waitUntil(lambda: len(section.contact_texts()) == 1)
    assert section.contact_texts() == [
        "Robin recorded being triggered — Tuesday evening group, 11 March"
    ]
    assert [line.id for line in ask(qtbot, window, inbox.contact_requests)] == [made.incident]

    # From the inbox, with a note: the last one leaves the Home tab too.
    page = show_inbox(window)
    open_by_keyboard(qtbot, page, made.incident)
    view = page.record_view
    view.contact_note.setText("Talked on the phone.")
    view.contact_button.click()
    qtbot.waitUntil(lambda: not view.contact_button.isVisible())
    assert view.contact_status.text().startswith("Contact recorded by you, ")
    assert view.contact_status.text().endswith("Note: Talked on the phone.")
    assert "Contacted" in badges(by_id(page)[made.incident])
    section = home_section(qtbot, window)
    assert section.contact_texts() == []
    assert not section.contact_title.isVisible()


def test_records_taken_in_from_a_stick_show_in_the_count_at_once(qtbot, window, made) -> None:
    page = sync_tab(qtbot, window)
    page.import_from([made.stick])
    panel = page.import_panel
    qtbot.waitUntil(lambda: panel.import_button.isVisible())
    panel.import_button.click()
    qtbot.waitUntil(panel.done_notice.isVisible)
    qtbot.waitUntil(lambda: tab_titles(window)[1] == "Inbox (3)")
    section = window.workspace.home_page.inbox
    qtbot.waitUntil(lambda: section.new_records.text() == "3 new records in the inbox.")
    assert len(inbox_page(window).shown_lines()) == 4


# --- printing -------------------------------------------------------------------------


def test_a_debrief_prints_with_the_password_option_and_the_warning(
    qtbot, window, made, tmp_path
) -> None:
    page = show_inbox(window)
    open_by_keyboard(qtbot, page, made.second)
    dialog = open_paper(window, page.record_view.print_button)
    assert dialog.windowTitle() == "Debrief"
    assert dialog.password.isVisible()
    assert any(
        label.isVisible() and "outside the encrypted store" in label.text()
        for label in dialog.findChildren(QLabel)
    )
    wait_for_pdf(qtbot, dialog.preview, "Tuesday evening group", ADDENDUM)
    dialog.password.setText("a long enough password")
    target = tmp_path / "saved.pdf"
    dialog.save_to(target)
    qtbot.waitUntil(lambda: dialog.message.text() == "Saved as saved.pdf.")
    assert b"/Encrypt" in target.read_bytes()


def test_a_groups_debriefs_print_as_one_paper_for_a_date_range(qtbot, window, made) -> None:
    page = show_inbox(window)
    chooser = page.open_group_print()
    assert isinstance(chooser, GroupDebriefsDialog)
    qtbot.waitUntil(chooser.show_button.isEnabled)
    assert chooser.group.currentText() == "Tuesday evening group"
    chooser.first_day.setDate(dt.date(2025, 1, 1))
    chooser.last_day.setDate(dt.date(2025, 1, 31))
    chooser.show_button.click()
    qtbot.waitUntil(chooser.message.isVisible)
    assert chooser.message.text().startswith("There are no debriefs for this group between")
    assert chooser.isVisible()

    chooser.first_day.setDate(dt.date(2025, 3, 1))
    chooser.last_day.setDate(dt.date(2025, 3, 14))
    with qtbot.waitSignal(chooser.opened) as opened:
        chooser.show_button.click()
    paper = opened.args[0]
    assert isinstance(paper, DocumentDialog)
    assert not chooser.isVisible()
    assert paper.password.isVisible()
    wait_for_pdf(qtbot, paper.preview, "Tuesday evening group", ADDENDUM)


# --- a laptop -------------------------------------------------------------------------


def test_a_facilitators_laptop_has_no_inbox(qtbot, make_window, monkeypatch, made, clock) -> None:
    window = open_window(qtbot, make_window, monkeypatch, made.laptop, clock)
    assert window.workspace.inbox_page is None
    assert not any(title.startswith("Inbox") for title in tab_titles(window))
    assert window.workspace.home_page.inbox is None
