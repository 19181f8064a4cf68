"""The Rota tab: propose a month, change it by hand, plan again, save; planned and actual."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel

from facilitator_app.domain.facilitators import Stage
from facilitator_app.domain.rota import Role
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.rota_page import RotaPage
from facilitator_app.gui.widgets import to_qdate
from facilitator_app.services import facilitators, sessions
from facilitator_app.store.store import Store, StoreRole
from tests.factories import PASSPHRASE, FakeClock, make_group, make_session
from tests.gui.conftest import (
    lock_and_wait,
    open_paper,
    show_tab,
    store_work_done,
    unlock_in_window,
    wait_for_pdf,
)
from tests.gui.store_setup import ask, build_store, open_window
from tests.gui.test_on_the_night import record_on_the_night

# The still clock says Friday 14 March 2025; the group meets on Tuesdays, so the
# default four weeks hold 18 and 25 March, 1 and 8 April.
TODAY = dt.date(2025, 3, 14)
TUESDAYS = [dt.date(2025, 3, 18), dt.date(2025, 3, 25), dt.date(2025, 4, 1), dt.date(2025, 4, 8)]


@dataclass(frozen=True)
class Team:
    group_id: str
    ids: dict[str, str]


def add_team(store: Store, leads: list[str], others: dict[str, Stage] | None = None) -> Team:
    group = make_group(store)
    ids = {}
    stages = dict.fromkeys(leads, Stage.LEAD) | (others or {})
    for name, stage in stages.items():
        profile = facilitators.add_facilitator(store, name, stage=stage, approved_by="Morgan")
        facilitators.set_groups(store, profile.person_id, [group.id])
        ids[name] = profile.person_id
    return Team(group.id, ids)


def open_rota(
    qtbot, make_window, monkeypatch, folder: Path, clock: FakeClock | None = None
) -> tuple[MainWindow, RotaPage]:
    window = open_window(qtbot, make_window, monkeypatch, folder, clock or FakeClock())
    with store_work_done(qtbot, window):
        show_tab(qtbot, window, "Rota")
    page = window.workspace.rota_page
    assert page.range() == (TODAY, TODAY + dt.timedelta(weeks=4))
    return window, page


def propose(qtbot, window: MainWindow, page: RotaPage) -> None:
    with store_work_done(qtbot, window):
        page.propose_button.click()
    assert page.views.currentWidget() is page.plan_view


def people_of(page: RotaPage, index: int) -> tuple[str | None, str | None]:
    row = page.plan_view.table.rows()[index]
    return row.assignment.lead_id, row.assignment.co_id


def test_plan_a_month_swap_lock_plan_again_and_save(qtbot, make_window, monkeypatch, tmp_path):
    folder = tmp_path / "store"
    team = build_store(folder, lambda store: add_team(store, ["Ali", "Bea", "Cai", "Dee"]))
    clock = FakeClock()
    window, page = open_rota(qtbot, make_window, monkeypatch, folder, clock)
    propose(qtbot, window, page)
    table = page.plan_view.table
    rows = table.rows()
    assert [row.date for row in rows] == TUESDAYS
    assert all(row.is_new for row in rows)
    assert table.item(0, 0).text() == "Tue 18 March · new"
    assert all(row.assignment.lead_id and row.assignment.co_id for row in rows)
    assert "not saved yet" in page.plan_view.title.text()

    first_lead, first_co = people_of(page, 0)
    table.selectRow(0)
    page.plan_view.swap_button.click()
    assert people_of(page, 0) == (first_co, first_lead)
    assert table.cell(0, Role.LEAD).lock.isChecked()
    assert table.cell(0, Role.CO).lock.isChecked()
    kept_co = people_of(page, 2)[1]
    table.cell(2, Role.CO).lock.click()
    assert table.locks()[rows[2].key].co_id == kept_co

    with store_work_done(qtbot, window):
        page.plan_view.plan_again_button.click()
    assert people_of(page, 0) == (first_co, first_lead)
    assert people_of(page, 2)[1] == kept_co
    assert table.cell(2, Role.CO).lock.isChecked()
    planned = [people_of(page, index) for index in range(4)]

    with store_work_done(qtbot, window):
        page.plan_view.save_button.click()
    assert page.plan_view.message.text() == "Rota saved: 4 sessions, 4 of them new."
    assert "saved" in page.plan_view.title.text()
    assert not page.plan_view.question.isVisible()
    saved = ask(qtbot, window, sessions.list_sessions, team.group_id)
    assert [session.date for session in saved] == TUESDAYS
    assert [(s.fields.lead_id, s.fields.co_facilitator_id) for s in saved] == planned
    assert (saved[0].lead_locked, saved[0].co_locked) == (True, True)
    assert (saved[2].lead_locked, saved[2].co_locked) == (False, True)
    assert not any(row.is_new for row in table.rows())

    # The group chooses someone else on the night; the coordinator sees where.
    clock.now = dt.datetime(2025, 3, 18, 20, 0, tzinfo=dt.UTC)
    record_on_the_night(qtbot, window, "Tue 18 Mar 2025", lead="Dee", chosen_by_group=True)
    with store_work_done(qtbot, window):
        show_tab(qtbot, window, "Rota")
    page.views.setCurrentWidget(page.history_view)
    history = page.history_table
    qtbot.waitUntil(lambda: history.rowCount() == 4 and history.item(0, 4).text() == "Dee")
    assert history.item(0, 6).text() == "Yes, on the night"
    assert history.item(1, 4).text() == "not recorded"
    assert history.item(1, 6).text() == ""


def test_two_sessions_swap_their_leads(qtbot, make_window, monkeypatch, tmp_path):
    folder = tmp_path / "store"
    build_store(folder, lambda store: add_team(store, ["Ali", "Bea", "Cai", "Dee"]))
    window, page = open_rota(qtbot, make_window, monkeypatch, folder)
    propose(qtbot, window, page)
    view, table = page.plan_view, page.plan_view.table
    before = [people_of(page, index) for index in range(4)]
    assert before[1][0] != before[3][0]

    table.selectRow(1)
    view.swap_leads_button.click()
    assert view.message.text().startswith("Choose two sessions")
    assert [people_of(page, index) for index in range(4)] == before

    table.selectionModel().select(
        table.model().index(3, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    view.swap_leads_button.click()
    assert people_of(page, 1) == (before[3][0], before[1][1])
    assert people_of(page, 3) == (before[1][0], before[3][1])
    assert table.cell(1, Role.LEAD).lock.isChecked()
    assert table.cell(3, Role.LEAD).lock.isChecked()
    assert not table.cell(1, Role.CO).lock.isChecked()
    with store_work_done(qtbot, window):
        view.plan_again_button.click()
    assert people_of(page, 1)[0] == before[3][0]
    assert people_of(page, 3)[0] == before[1][0]

    table.selectRow(0)
    table.selectionModel().select(
        table.model().index(2, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    after = [people_of(page, index) for index in range(4)]
    view.swap_button.click()  # two rows chosen: swapping lead and co needs exactly one
    assert view.message.text() == "Choose one session, then swap."
    assert [people_of(page, index) for index in range(4)] == after


def test_a_paused_person_is_never_proposed(qtbot, make_window, monkeypatch, tmp_path):
    folder = tmp_path / "store"

    def fill(store: Store) -> Team:
        team = add_team(store, ["Ali", "Bea", "Sam"], {"Cai": Stage.CO_FACILITATOR})
        facilitators.pause(store, team.ids["Sam"], dt.date(2025, 3, 1), None, "A rest")
        return team

    team = build_store(folder, fill)
    window, page = open_rota(qtbot, make_window, monkeypatch, folder)
    propose(qtbot, window, page)
    table = page.plan_view.table
    chosen = {person for index in range(4) for person in people_of(page, index)}
    assert team.ids["Sam"] not in chosen
    assert team.ids["Ali"] in chosen
    lead_choice = table.cell(0, Role.LEAD).choice
    assert lead_choice.itemText(lead_choice.findData(team.ids["Sam"])) == "Sam (paused)"
    assert lead_choice.findData(team.ids["Cai"]) < 0  # not a lead yet
    assert table.cell(0, Role.CO).choice.findData(team.ids["Cai"]) >= 0


def test_a_row_without_a_possible_lead_says_why(qtbot, make_window, monkeypatch, tmp_path):
    folder = tmp_path / "store"

    def fill(store: Store) -> Team:
        team = add_team(store, ["Ali", "Sam"], {"Cai": Stage.CO_FACILITATOR})
        facilitators.pause(store, team.ids["Sam"], dt.date(2025, 3, 1), None)
        facilitators.add_unavailable(store, team.ids["Ali"], TUESDAYS[1], TUESDAYS[1])
        return team

    build_store(folder, fill)
    window, page = open_rota(qtbot, make_window, monkeypatch, folder)
    propose(qtbot, window, page)
    table = page.plan_view.table
    assert people_of(page, 1)[0] is None
    assert table.cell(1, Role.LEAD).choice.currentText() == "— nobody —"
    assert not table.cell(1, Role.LEAD).lock.isEnabled()
    note = table.item(1, 4).text()
    assert note.startswith("No available lead on 25 March:")
    assert "Ali unavailable" in note
    assert "Sam paused" in note
    assert table.item(0, 4).text() == ""


def test_a_hand_picked_paused_person_is_shown_before_saving(
    qtbot, make_window, monkeypatch, tmp_path
):
    folder = tmp_path / "store"

    def fill(store: Store) -> Team:
        team = add_team(store, ["Ali", "Bea", "Sam"])
        facilitators.pause(store, team.ids["Sam"], dt.date(2025, 3, 1), None)
        return team

    team = build_store(folder, fill)
    window, page = open_rota(qtbot, make_window, monkeypatch, folder)
    propose(qtbot, window, page)
    view = page.plan_view
    cell = view.table.cell(0, Role.LEAD)
    assert not cell.lock.isChecked()
    cell.choice.setCurrentIndex(cell.choice.findData(team.ids["Sam"]))
    assert cell.lock.isChecked()  # chosen by hand: locked, and visibly so
    # Visiting another tab refreshes this one, and leaves the unsaved choice alone.
    show_tab(qtbot, window, "Groups")
    with store_work_done(qtbot, window):
        show_tab(qtbot, window, "Rota")
    assert people_of(page, 0)[0] == team.ids["Sam"]
    assert view.table.cell(0, Role.LEAD).lock.isChecked()

    with store_work_done(qtbot, window):
        view.save_button.click()
    assert view.question.isVisible()
    assert "Sam paused (lead, 18 March)." in view.question.text.text()
    view.question.no_button.click()
    assert not view.question.isVisible()
    assert view.message.text() == "Nothing was saved. Change the rows, then save."
    assert ask(qtbot, window, sessions.list_sessions, team.group_id) == []
    assert people_of(page, 0)[0] == team.ids["Sam"]

    with store_work_done(qtbot, window):
        view.save_button.click()
    with store_work_done(qtbot, window):
        view.question.yes_button.click()
    saved = ask(qtbot, window, sessions.list_sessions, team.group_id)
    assert saved[0].fields.lead_id == team.ids["Sam"]


def test_an_edited_rota_survives_a_lock(qtbot, make_window, monkeypatch, tmp_path):
    folder = tmp_path / "store"
    team = build_store(folder, lambda store: add_team(store, ["Ali", "Bea", "Cai"]))
    window, page = open_rota(qtbot, make_window, monkeypatch, folder)
    propose(qtbot, window, page)
    cell = page.plan_view.table.cell(3, Role.CO)
    cell.choice.setCurrentIndex(0)  # nobody, chosen by hand
    other = next(i for i in team.ids.values() if i not in people_of(page, 1))
    lead = page.plan_view.table.cell(1, Role.LEAD)
    lead.choice.setCurrentIndex(lead.choice.findData(other))
    before = page.plan_view.table.rows()
    assert before[3].assignment.co_id is None
    assert before[1].assignment.lead_id == other

    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window, PASSPHRASE)
    page = window.workspace.rota_page
    assert window.workspace.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.plan_view.table.rowCount() == 4)
    assert page.plan_view.table.rows() == before
    assert "not saved yet" in page.plan_view.title.text()


def test_a_facilitator_sees_the_rota_but_cannot_plan_it(qtbot, make_window, monkeypatch, tmp_path):
    folder = tmp_path / "store"

    def fill(store: Store) -> str:
        group = make_group(store)
        make_session(store, group.id, date=TUESDAYS[0])
        return group.id

    build_store(folder, fill, role=StoreRole.FACILITATOR)
    _, page = open_rota(qtbot, make_window, monkeypatch, folder)
    assert not page.propose_button.isVisible()
    assert not page.plan_view.isVisible()
    assert [page.views.tabText(i) for i in range(page.views.count())] == ["Planned and actual"]
    assert page.hint.text().startswith("Your coordinator plans the rota.")
    qtbot.waitUntil(lambda: page.history_table.rowCount() == 1)
    assert page.history_table.item(0, 2).text() == "nobody yet"
    assert page.draft() is None


def test_a_range_that_ends_before_it_starts_is_refused_calmly(
    qtbot, make_window, monkeypatch, tmp_path
):
    folder = tmp_path / "store"
    build_store(folder, lambda store: add_team(store, ["Ali"]))
    window, page = open_rota(qtbot, make_window, monkeypatch, folder)
    with store_work_done(qtbot, window):
        page.first_date.setDate(to_qdate(dt.date(2025, 4, 1)))
    with store_work_done(qtbot, window):
        page.last_date.setDate(to_qdate(dt.date(2025, 3, 1)))
    assert page.message.text() == "The rota ends before it starts."
    propose(qtbot, window, page)
    assert page.plan_view.message.text() == "The rota ends before it starts."
    assert page.plan_view.table.rowCount() == 0


def test_the_saved_rota_prints(qtbot, make_window, monkeypatch, tmp_path):
    folder = tmp_path / "store"
    build_store(folder, lambda store: add_team(store, ["Ali Khan", "Bea Jones"]))
    window, page = open_rota(qtbot, make_window, monkeypatch, folder)
    propose(qtbot, window, page)
    with store_work_done(qtbot, window):
        page.plan_view.save_button.click()
    dialog = open_paper(window, page.print_button)
    # First names only: a rota is pinned up where others may see it.
    wait_for_pdf(qtbot, dialog.preview, "Ali", "Bea", absent=["Khan", "Jones"])


def test_saving_again_but_never_over_a_session_changed_elsewhere(
    qtbot, make_window, monkeypatch, tmp_path
):
    folder = tmp_path / "store"
    team = build_store(folder, lambda store: add_team(store, ["Ali", "Bea", "Cai"]))
    window, page = open_rota(qtbot, make_window, monkeypatch, folder)
    view = page.plan_view
    propose(qtbot, window, page)
    with store_work_done(qtbot, window):
        view.save_button.click()
    # The saved rota on screen can be changed and saved again.
    view.table.cell(1, Role.LEAD).lock.click()
    with store_work_done(qtbot, window):
        view.save_button.click()
    assert view.message.text() == "Rota saved: 4 sessions, 0 of them new."
    saved = ask(qtbot, window, sessions.list_sessions, team.group_id)
    assert saved[1].lead_locked

    # Someone is put down to lead the first session on the Sessions tab meanwhile.
    first = saved[0]
    other = next(i for i in team.ids.values() if i not in people_of(page, 0))
    fields = dataclasses.replace(first.fields, lead_id=other)
    ask(qtbot, window, sessions.update_session, first.id, fields)
    view.table.cell(2, Role.LEAD).lock.click()
    with store_work_done(qtbot, window):
        view.save_button.click()
    assert view.message.text() == (
        "The session on 18 March was changed elsewhere after this rota was proposed; plan again."
    )
    after = ask(qtbot, window, sessions.list_sessions, team.group_id)
    assert after[0].fields.lead_id == other
    assert not after[2].lead_locked
    assert view.save_button.isEnabled()
