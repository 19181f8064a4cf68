"""The filter boxes over the Groups, Sessions and Incidents lists (issue 8).

A charity's store is made through the services, then the window opens on it and the
filters are typed into as a person would. The last section drives the filter on its
own, over a bare list, for what the pages only do now and then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from facilitator_app.domain.groups import GroupKind, Weekday
from facilitator_app.domain.incidents import IncidentFields, Safeguarding, SafeguardingKind
from facilitator_app.domain.protocols import RecordField, finish, mark_done, start_run
from facilitator_app.domain.sessions import SessionStatus
from facilitator_app.gui.groups_page import GroupsPage
from facilitator_app.gui.incidents_page import IncidentsPage
from facilitator_app.gui.list_filter import FilterWords, ListFilter
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.sessions_page import SessionsPage
from facilitator_app.gui.widgets import fill_list
from facilitator_app.services import follow_ups, groups, incidents, sessions
from facilitator_app.services.protocols import get_protocol
from facilitator_app.store.store import Store
from tests.factories import FakeClock, make_group, make_person, make_session
from tests.gui.conftest import show_tab, store_work_done
from tests.gui.store_setup import build_store, open_window

# Written in a record, and so never to be found by the filter over the list.
PRIVATE_WORD = "Marmalade"

Page = GroupsPage | SessionsPage | IncidentsPage


# --- a charity's store ------------------------------------------------------------------


def _incident(
    store: Store,
    protocol_id: str,
    day: int,
    group_id: str | None,
    note: str,
    *,
    submit: bool,
    safeguarding: Safeguarding | None = None,
    needs_support: bool = False,
) -> str:
    # Midday UTC: the same calendar day in any time zone the tests run in.
    at = dt.datetime(2025, 3, day, 12, 0, tzinfo=dt.UTC)
    run = finish(mark_done(start_run(get_protocol(protocol_id), at), at), at)
    fields = IncidentFields(
        run=run,
        group_id=group_id,
        notes={RecordField.OBSERVED: note},
        safeguarding=safeguarding,
        facilitator_needs_support=needs_support,
    )
    record = incidents.save_draft(store, None, fields)
    if submit:
        incidents.submit(store, record.id)
    return record.id


def fill_charity(store: Store) -> None:
    robin, sam = make_person(store, "Robin"), make_person(store, "Sam Okafor")
    tuesday = make_group(store, name="Tuesday evening group", venue="Community hall, room 2")
    walking = make_group(
        store,
        name="Thursday walking group",
        kind=GroupKind.ACTIVITY,
        venue="Riverside park gate",
        usual_day=Weekday.THURSDAY,
    )
    drop_in = make_group(
        store,
        name="Saturday drop-in",
        kind=GroupKind.DROP_IN,
        venue="Library meeting room",
        usual_day=Weekday.SATURDAY,
    )
    make_group(
        store,
        name="Monday crafts",
        kind=GroupKind.ACTIVITY,
        venue="Library meeting room",
        usual_day=Weekday.MONDAY,
    )
    winter = make_group(store, name="Winter group", venue="Church hall", usual_day=None)
    groups.archive_group(store, winter.id)

    held = make_session(
        store, tuesday.id, date=dt.date(2025, 3, 4), topic="Boundaries", lead_id=robin.id
    )
    sessions.set_status(store, held.id, SessionStatus.HELD)
    cancelled = make_session(
        store, tuesday.id, date=dt.date(2025, 3, 11), topic="Self-care plans", lead_id=sam.id
    )
    sessions.set_status(store, cancelled.id, SessionStatus.CANCELLED)
    make_session(store, tuesday.id, date=dt.date(2025, 3, 14), topic="Check-in")  # a Friday
    make_session(
        store,
        tuesday.id,
        date=dt.date(2025, 3, 18),
        topic="Boundaries",
        lead_id=sam.id,
        co_facilitator_id=robin.id,
    )
    make_session(store, tuesday.id, date=dt.date(2025, 3, 25), topic="Hope")

    _incident(store, "flashback", 4, tuesday.id, f"{PRIVATE_WORD} on the table.", submit=False)
    _incident(
        store,
        "risk-to-self",
        11,
        walking.id,
        "Mentioned a flashback and a safe word.",
        submit=True,
        safeguarding=Safeguarding(SafeguardingKind.RISK_TO_SELF, True, False),
    )
    _incident(
        store,
        "facilitator-triggered",
        12,
        drop_in.id,
        "Took a break.",
        submit=False,
        needs_support=True,
    )
    no_group = _incident(store, "left-distressed", 13, None, "Rang later.", submit=True)
    follow_ups.add_follow_up(store, no_group, "Ring to check in", None, None)


def open_charity(qtbot, make_window, monkeypatch, tmp_path: Path) -> MainWindow:
    folder = tmp_path / "store"
    build_store(folder, fill_charity)
    return open_window(qtbot, make_window, monkeypatch, folder, FakeClock())


def open_tab(qtbot, window: MainWindow, title: str) -> None:
    """Show a tab and wait for its list (the Incidents tab reloads when shown)."""
    if title == "Incidents":
        with store_work_done(qtbot, window):
            show_tab(qtbot, window, title)
    else:
        show_tab(qtbot, window, title)


def open_sessions_of(qtbot, window: MainWindow, group_name: str) -> SessionsPage:
    open_tab(qtbot, window, "Sessions")
    page = window.workspace.sessions_page
    index = page.group_choice.findText(group_name)
    if page.group_choice.currentIndex() != index:
        with store_work_done(qtbot, window):
            page.group_choice.setCurrentIndex(index)
    return page


# --- reading the lists ------------------------------------------------------------------


def shown_rows(widget: QListWidget) -> list[str]:
    """The lines a person can see: hidden rows left out."""
    rows = (widget.item(row) for row in range(widget.count()))
    return [item.text() for item in rows if not item.isHidden()]


def list_of(page: Page) -> QListWidget:
    if isinstance(page, GroupsPage):
        return page.group_list
    if isinstance(page, SessionsPage):
        return page.session_list
    return page.incident_list


def part(line: str, index: int) -> str:
    return line.split("  ·  ")[index]


def filtered(page: Page, text: str, index: int = 0) -> set[str]:
    """Type `text` into the page's filter; the part `index` of each line then shown."""
    page.filter_edit.setText(text)
    shown = shown_rows(list_of(page))
    assert page.shown_count() == len(shown)
    return {part(line, index) for line in shown}


def hint_of(page: Page) -> str:
    hint = page.list_filter.hint
    return hint.text() if hint.isVisibleTo(page) else ""


ALL_GROUPS = {
    "Monday crafts",
    "Saturday drop-in",
    "Thursday walking group",
    "Tuesday evening group",
}


# --- Groups ---------------------------------------------------------------------------


def test_groups_are_found_by_name_place_day_and_kind(qtbot, make_window, monkeypatch, tmp_path):
    window = open_charity(qtbot, make_window, monkeypatch, tmp_path)
    open_tab(qtbot, window, "Groups")
    page = window.workspace.groups_page
    qtbot.waitUntil(lambda: page.group_list.count() == 4)
    assert page.filter_edit.placeholderText() == "Filter by name, place, day or kind"
    assert page.filter_edit.isClearButtonEnabled()
    assert hint_of(page) == ""

    assert filtered(page, "library") == {"Monday crafts", "Saturday drop-in"}
    assert hint_of(page) == "Showing 2 of 4 groups."
    assert filtered(page, "THURSDAY") == {"Thursday walking group"}
    assert filtered(page, "Activity") == {"Monday crafts", "Thursday walking group"}
    assert filtered(page, "activity  library") == {"Monday crafts"}
    assert filtered(page, "drop-in") == {"Saturday drop-in"}
    assert filtered(page, "hall room") == {"Tuesday evening group"}
    assert filtered(page, "wednesday") == set()
    assert hint_of(page) == "No groups match. Clear the filter to see them all."

    page.filter_edit.clear()
    assert set(shown_rows(page.group_list)) == ALL_GROUPS
    assert page.shown_count() == 4
    assert hint_of(page) == ""


def test_archived_groups_are_found_by_the_word_once_listed(
    qtbot, make_window, monkeypatch, tmp_path
):
    window = open_charity(qtbot, make_window, monkeypatch, tmp_path)
    open_tab(qtbot, window, "Groups")
    page = window.workspace.groups_page
    qtbot.waitUntil(lambda: page.group_list.count() == 4)
    assert filtered(page, "archived") == set()

    with store_work_done(qtbot, window):
        page.show_archived.setChecked(True)  # the list is read again, filter and all

    assert page.group_list.count() == 5
    assert shown_rows(page.group_list) == ["Winter group (archived)"]
    assert hint_of(page) == "Showing 1 of 5 groups."
    assert filtered(page, "church") == {"Winter group (archived)"}


def test_typing_leaves_the_chosen_group_and_the_store_alone(
    qtbot, make_window, monkeypatch, tmp_path
):
    window = open_charity(qtbot, make_window, monkeypatch, tmp_path)
    open_tab(qtbot, window, "Groups")
    page = window.workspace.groups_page
    qtbot.waitUntil(lambda: page.editor.group is not None)
    assert page.editor.group.name == "Monday crafts"
    page.editor.venue.setText("Library, upstairs")  # typed, not saved yet
    changes: list[object] = []
    page.group_list.currentItemChanged.connect(lambda *args: changes.append(args))

    with qtbot.assertNotEmitted(window.runner.idle, wait=200):
        qtbot.keyClicks(page.filter_edit, "tues")

    assert shown_rows(page.group_list) == ["Tuesday evening group"]
    assert page.group_list.currentItem().text() == "Monday crafts"  # hidden, still chosen
    assert page.editor.group.name == "Monday crafts"
    assert page.editor.venue.text() == "Library, upstairs"
    assert changes == []


def test_the_filter_stays_on_after_saving_and_adding_groups(
    qtbot, make_window, monkeypatch, tmp_path
):
    window = open_charity(qtbot, make_window, monkeypatch, tmp_path)
    open_tab(qtbot, window, "Groups")
    page = window.workspace.groups_page
    qtbot.waitUntil(lambda: page.group_list.count() == 4)
    assert filtered(page, "tuesday") == {"Tuesday evening group"}
    (tuesday,) = page.group_list.findItems("Tuesday evening group", Qt.MatchFlag.MatchExactly)
    with store_work_done(qtbot, window):  # choosing a group reads its members
        page.group_list.setCurrentItem(tuesday)
    assert page.editor.group.name == "Tuesday evening group"

    page.editor.venue.setText("Library annexe")
    with store_work_done(qtbot, window):
        page.editor.save_button.click()
    assert shown_rows(page.group_list) == ["Tuesday evening group"]
    assert filtered(page, "tuesday annexe") == {"Tuesday evening group"}

    page.new_button.click()
    page.editor.name.setText("Friday lunchtime group")
    with store_work_done(qtbot, window):
        page.editor.save_button.click()
    assert page.group_list.count() == 5
    assert shown_rows(page.group_list) == ["Tuesday evening group"]
    assert hint_of(page) == "Showing 1 of 5 groups."
    assert page.editor.group.name == "Friday lunchtime group"  # saved, shown, filtered out

    page.new_button.click()
    page.editor.name.setText("Tuesday daytime group")
    page.editor.venue.setText("Library annexe")
    with store_work_done(qtbot, window):
        page.editor.save_button.click()
    assert set(shown_rows(page.group_list)) == {"Tuesday daytime group", "Tuesday evening group"}
    assert page.shown_count() == 2


def test_keys_move_from_the_filter_through_the_rows_shown_only(
    qtbot, make_window, monkeypatch, tmp_path
):
    window = open_charity(qtbot, make_window, monkeypatch, tmp_path)
    window.activateWindow()
    open_tab(qtbot, window, "Groups")
    page = window.workspace.groups_page
    qtbot.waitUntil(lambda: page.editor.group is not None)
    page.filter_edit.setFocus()
    qtbot.waitUntil(page.filter_edit.hasFocus)
    qtbot.keyClicks(page.filter_edit, "activity")
    assert shown_rows(page.group_list) == ["Monday crafts", "Thursday walking group"]

    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Down)
    qtbot.waitUntil(page.group_list.hasFocus)
    assert page.group_list.currentItem().text() == "Monday crafts"
    with store_work_done(qtbot, window):  # choosing a group reads its members
        qtbot.keyClick(page.group_list, Qt.Key.Key_Down)
    # Saturday drop-in sits between the two, hidden: the key passes over it.
    assert page.group_list.currentItem().text() == "Thursday walking group"
    assert page.editor.group.name == "Thursday walking group"

    page.filter_edit.setFocus()
    qtbot.waitUntil(page.filter_edit.hasFocus)
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Escape)
    assert page.filter_edit.text() == ""
    assert page.shown_count() == 4
    assert page.editor.group.name == "Thursday walking group"


# --- Sessions -------------------------------------------------------------------------

MARCH = {
    "Tue 04 Mar 2025",
    "Tue 11 Mar 2025",
    "Fri 14 Mar 2025",
    "Tue 18 Mar 2025",
    "Tue 25 Mar 2025",
}


@pytest.mark.parametrize(
    ("typed", "dates"),
    [
        ("2025-03-14", {"Fri 14 Mar 2025"}),
        ("14 march 2025", {"Fri 14 Mar 2025"}),
        ("14 Mar 2025", {"Fri 14 Mar 2025"}),
        ("14/03/2025", {"Fri 14 Mar 2025"}),
        ("Friday", {"Fri 14 Mar 2025"}),
        ("04 mar", {"Tue 04 Mar 2025"}),
        ("march", MARCH),
        ("held", {"Tue 04 Mar 2025"}),
        ("cancelled", {"Tue 11 Mar 2025"}),
        ("planned", {"Fri 14 Mar 2025", "Tue 18 Mar 2025", "Tue 25 Mar 2025"}),
        ("BOUNDARIES", {"Tue 04 Mar 2025", "Tue 18 Mar 2025"}),
        ("boundaries planned", {"Tue 18 Mar 2025"}),
        ("okafor", {"Tue 11 Mar 2025", "Tue 18 Mar 2025"}),
        ("robin", {"Tue 04 Mar 2025", "Tue 18 Mar 2025"}),
        ("robin sam", {"Tue 18 Mar 2025"}),
        ("april", set()),
    ],
)
def test_sessions_are_found_by_date_status_topic_and_who_leads(
    qtbot, make_window, monkeypatch, tmp_path, typed: str, dates: set[str]
):
    window = open_charity(qtbot, make_window, monkeypatch, tmp_path)
    page = open_sessions_of(qtbot, window, "Tuesday evening group")
    assert page.session_list.count() == 5
    assert page.filter_edit.placeholderText() == "Filter by date, topic or name"

    assert filtered(page, typed) == dates
    if not dates:
        assert hint_of(page) == "No sessions match. Clear the filter to see them all."
    elif dates != MARCH:
        assert hint_of(page) == f"Showing {len(dates)} of 5 sessions."
    else:
        assert hint_of(page) == ""


def test_the_session_filter_stays_on_through_changes_reloads_and_other_groups(
    qtbot, make_window, monkeypatch, tmp_path
):
    window = open_charity(qtbot, make_window, monkeypatch, tmp_path)
    page = open_sessions_of(qtbot, window, "Tuesday evening group")
    planned = {"Fri 14 Mar 2025", "Tue 18 Mar 2025", "Tue 25 Mar 2025"}
    assert filtered(page, "planned") == planned
    row = next(r for r in range(5) if page.session_list.item(r).text().startswith("Tue 18"))
    with store_work_done(qtbot, window):
        page.session_list.setCurrentRow(row)

    with store_work_done(qtbot, window):
        page.register_panel.held_button.click()
    # Held now: its line changed in place and the filter took it out, while the
    # session stays open on the right.
    assert {part(line, 0) for line in shown_rows(page.session_list)} == planned - {
        "Tue 18 Mar 2025"
    }
    assert page.shown_count() == 2
    assert page.editor.session is not None
    assert page.editor.session.date == dt.date(2025, 3, 18)
    assert hint_of(page) == "Showing 2 of 5 sessions."

    open_tab(qtbot, window, "Groups")
    open_tab(qtbot, window, "Sessions")  # read again from the store
    assert page.session_list.count() == 5
    assert page.shown_count() == 2
    assert hint_of(page) == "Showing 2 of 5 sessions."

    page.plan_button.click()
    page.editor.topic.setText("Planning the summer")
    with store_work_done(qtbot, window):
        page.editor.save_button.click()
    qtbot.waitUntil(lambda: page.session_list.count() == 6)
    assert page.shown_count() == 3
    assert filtered(page, "summer planned", 1) == {"Planning the summer"}  # planned: no mark

    with store_work_done(qtbot, window):
        page.group_choice.setCurrentIndex(page.group_choice.findText("Monday crafts"))
    assert page.session_list.count() == 0
    assert page.shown_count() == 0
    assert hint_of(page) == ""  # nothing hidden: the group has no sessions yet


# --- Incidents ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "groups_shown"),
    [
        ("flashback", {"Tuesday evening group"}),
        ("safeguarding", {"Thursday walking group"}),
        ("support", {"Saturday drop-in"}),
        ("draft", {"Tuesday evening group", "Saturday drop-in"}),
        ("submitted", {"Thursday walking group", "no group"}),
        ("follow-up open", {"no group"}),
        ("no group", {"no group"}),
        ("4 march 2025", {"Tuesday evening group"}),
        ("2025-03-11", {"Thursday walking group"}),
        ("wednesday", {"Saturday drop-in"}),  # 12 March 2025
        ("WALKING risk", {"Thursday walking group"}),
        ("walking draft", set()),
    ],
)
def test_incident_records_are_found_by_date_group_protocol_and_flags(
    qtbot, make_window, monkeypatch, tmp_path, typed: str, groups_shown: set[str]
):
    window = open_charity(qtbot, make_window, monkeypatch, tmp_path)
    open_tab(qtbot, window, "Incidents")
    page = window.workspace.incidents_page
    assert page.incident_list.count() == 4
    assert page.filter_edit.placeholderText() == "Filter by date, group, protocol or flag"

    assert filtered(page, typed, 1) == groups_shown
    if groups_shown:
        assert hint_of(page) == f"Showing {len(groups_shown)} of 4 records."
    else:
        assert hint_of(page) == "No records match. Clear the filter to see them all."


def test_what_was_written_in_a_record_is_never_searched(qtbot, make_window, monkeypatch, tmp_path):
    window = open_charity(qtbot, make_window, monkeypatch, tmp_path)
    open_tab(qtbot, window, "Incidents")
    page = window.workspace.incidents_page

    assert filtered(page, PRIVATE_WORD) == set()
    assert hint_of(page) == "No records match. Clear the filter to see them all."
    assert filtered(page, "table") == set()
    assert filtered(page, "safe word") == set()
    # "Flashback" is written in the walking group's record, and is not its protocol.
    assert filtered(page, "flashback", 1) == {"Tuesday evening group"}


def test_the_incident_filter_stays_on_after_a_follow_up_is_added(
    qtbot, make_window, monkeypatch, tmp_path
):
    window = open_charity(qtbot, make_window, monkeypatch, tmp_path)
    open_tab(qtbot, window, "Incidents")
    page = window.workspace.incidents_page
    assert filtered(page, "walking", 1) == {"Thursday walking group"}
    row = next(r for r in range(4) if not page.incident_list.item(r).isHidden())
    with store_work_done(qtbot, window):
        page.incident_list.setCurrentRow(row)

    page.what.setText("Ask the venue about a quiet room")
    with store_work_done(qtbot, window):
        page.add_button.click()

    shown = shown_rows(page.incident_list)
    assert len(shown) == 1
    assert "Thursday walking group" in shown[0]
    assert "1 follow-up open" in shown[0]
    assert hint_of(page) == "Showing 1 of 4 records."
    assert filtered(page, "follow-up open", 1) == {"Thursday walking group", "no group"}


# --- the filter on its own, over a bare list --------------------------------------------


@dataclass(frozen=True)
class Row:
    id: str
    words: str


WORDS = FilterWords("Filter", "Showing {0} of {1} rows.", "No rows match.")


@dataclass(frozen=True)
class Bare:
    holder: QWidget  # kept, or Python would delete the widgets under the test
    box: ListFilter
    rows: QListWidget


def bare_filter(qtbot, haystack=lambda row: row.words) -> Bare:
    holder = QWidget()
    qtbot.addWidget(holder)
    rows = QListWidget()
    box = ListFilter(rows, haystack, WORDS)
    layout = QVBoxLayout(holder)
    layout.addWidget(box)
    layout.addWidget(rows)
    return Bare(holder, box, rows)


def line(row: Row) -> str:
    return row.id


def hidden_by_qt(rows: QListWidget) -> list[bool]:
    return [rows.isRowHidden(row) for row in range(rows.count())]


def test_rows_added_taken_and_changed_are_checked_as_they_come(qtbot) -> None:
    bare = bare_filter(qtbot)
    box, rows = bare.box, bare.rows
    fill_list(rows, [Row("a", "apple pie"), Row("b", "banana"), Row("c", "apple crumble")], line)
    box.edit.setText("apple")
    assert hidden_by_qt(rows) == [False, True, False]
    assert box.shown_count() == 2
    assert box.hint.text() == "Showing 2 of 3 rows."

    item = QListWidgetItem("d")
    item.setData(Qt.ItemDataRole.UserRole, Row("d", "Apple tart"))
    rows.insertItem(1, item)
    rows.addItem(QListWidgetItem("plain apple, no record"))  # found by its text
    assert hidden_by_qt(rows) == [False, False, True, False, False]
    assert box.shown_count() == 4

    rows.item(0).setData(Qt.ItemDataRole.UserRole, Row("a", "cherry"))
    rows.item(2).setData(Qt.ItemDataRole.UserRole, Row("b", "banana and apple"))
    assert hidden_by_qt(rows) == [True, False, False, False, False]

    rows.takeItem(0)
    assert hidden_by_qt(rows) == [False, False, False, False]
    assert box.shown_count() == 4
    assert box.hint.isHidden()

    rows.item(1).setData(Qt.ItemDataRole.UserRole, Row("b", "banana"))
    rows.takeItem(3)
    assert hidden_by_qt(rows) == [False, True, False]
    assert box.shown_count() == 2
    assert box.hint.text() == "Showing 2 of 3 rows."

    rows.clear()
    assert box.shown_count() == 0
    assert box.hint.isHidden()


def test_a_refill_while_filtered_keeps_the_count_true(qtbot) -> None:
    bare = bare_filter(qtbot)
    box, rows = bare.box, bare.rows
    many = [Row(str(n), f"row {n} {'even' if n % 2 == 0 else 'odd'}") for n in range(300)]
    fill_list(rows, many, line)
    box.edit.setText("odd")
    assert box.shown_count() == 150

    fill_list(rows, many[:101], line)  # the rows hidden before are cleared away first
    assert hidden_by_qt(rows) == [n % 2 == 0 for n in range(101)]
    assert box.shown_count() == 50
    assert box.hint.text() == "Showing 50 of 101 rows."
    box.edit.setText("even 10")
    assert box.shown_count() == len([n for n in range(101) if n % 2 == 0 and "10" in str(n)])


def test_a_tooltip_does_not_read_the_row_again_and_refresh_does(qtbot) -> None:
    reads: list[str] = []
    extra = {"b": ""}

    def haystack(row: Row) -> str:
        reads.append(row.id)
        return f"{row.words} {extra.get(row.id, '')}"

    bare = bare_filter(qtbot, haystack)
    box, rows = bare.box, bare.rows
    fill_list(rows, [Row("a", "Alex"), Row("b", "Bea")], line)
    assert reads == ["a", "b"]
    box.edit.setText("sam")
    box.edit.setText("sa")  # typing reads nothing again
    rows.item(0).setToolTip("Alex")
    assert reads == ["a", "b"]
    assert box.shown_count() == 0
    assert box.hint.text() == "No rows match."

    extra["b"] = "Sam"  # a name that came later
    box.refresh()
    assert hidden_by_qt(rows) == [True, False]
    assert box.shown_count() == 1


def test_escape_empties_only_a_box_with_words_in_it(qtbot) -> None:
    bare = bare_filter(qtbot)
    box, rows = bare.box, bare.rows
    fill_list(rows, [Row("a", "apple"), Row("b", "banana")], line)
    qtbot.keyClicks(box.edit, "ban")
    assert hidden_by_qt(rows) == [True, False]
    qtbot.keyClick(box.edit, Qt.Key.Key_Escape)
    assert box.edit.text() == ""
    assert hidden_by_qt(rows) == [False, False]
    qtbot.keyClick(box.edit, Qt.Key.Key_Escape)  # already empty: nothing to do
    assert box.edit.text() == ""
