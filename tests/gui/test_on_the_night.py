"""Who led on the night: the group decides, and the facilitator records who actually did."""

from __future__ import annotations

import datetime as dt

from facilitator_app.domain.facilitators import Stage
from facilitator_app.domain.sessions import OnTheNight
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.on_the_night_panel import OnTheNightPanel
from facilitator_app.services import facilitators, sessions
from facilitator_app.store.store import Store, StoreRole
from tests.factories import PASSPHRASE, FakeClock, make_group, make_session, synced_person
from tests.gui.conftest import (
    lock_and_wait,
    row_starting,
    show_tab,
    store_work_done,
    unlock_in_window,
)
from tests.gui.store_setup import ask, build_store, open_window

SESSION = "Tue 18 Mar 2025"


def on_the_night() -> FakeClock:
    """The store's clock on the evening of the session: who led is known by now."""
    return FakeClock(dt.datetime(2025, 3, 18, 20, 0, tzinfo=dt.UTC))


def open_session(qtbot, window: MainWindow, line: str) -> OnTheNightPanel:
    """On the Sessions tab, choose the session whose line starts with `line`."""
    show_tab(qtbot, window, "Sessions")
    page = window.workspace.sessions_page
    qtbot.waitUntil(lambda: page.session_list.count() > 0)
    row = row_starting(page.session_list, line)
    if page.session_list.currentRow() != row:
        with store_work_done(qtbot, window):
            page.session_list.setCurrentRow(row)
    return page.on_the_night


def choose(panel: OnTheNightPanel, lead: str | None, co: str | None = None) -> None:
    for combo, name in ((panel.lead, lead), (panel.co, co)):
        combo.setCurrentIndex(0 if name is None else combo.findText(name))


def record_on_the_night(
    qtbot, window: MainWindow, line: str, *, lead: str, chosen_by_group: bool = False
) -> None:
    """Record who led a session, keeping the co-facilitator shown (from the plan or before)."""
    panel = open_session(qtbot, window, line)
    panel.lead.setCurrentIndex(panel.lead.findText(lead))
    panel.chosen_by_group.setChecked(chosen_by_group)
    with store_work_done(qtbot, window):
        panel.save_button.click()
    assert panel.state.text() == "Recorded."


def two_leads_and_a_session(store: Store) -> dict[str, str]:
    group = make_group(store)
    ids = {}
    for name in ("Ali", "Bea"):
        profile = facilitators.add_facilitator(store, name, stage=Stage.LEAD, approved_by="Morgan")
        ids[name] = profile.person_id
    session = make_session(
        store,
        group.id,
        date=dt.date(2025, 3, 18),
        lead_id=ids["Ali"],
        co_facilitator_id=ids["Bea"],
    )
    return ids | {"session": session.id}


def test_the_plan_is_offered_but_only_a_confirmed_choice_is_saved(
    qtbot, make_window, monkeypatch, tmp_path
):
    folder = tmp_path / "store"
    ids = build_store(folder, two_leads_and_a_session)
    window = open_window(qtbot, make_window, monkeypatch, folder, on_the_night())
    panel = open_session(qtbot, window, SESSION)
    assert (panel.lead.currentText(), panel.co.currentText()) == ("Ali", "Bea")
    assert panel.state.text() == "Not recorded yet: filled in from the plan. Save to confirm."
    assert "The group decides who leads. Record who actually did." in [
        text.text() for text in panel.findChildren(type(panel.state))
    ]
    assert not ask(qtbot, window, sessions.get_session, ids["session"]).on_the_night.recorded
    assert panel.draft() is None  # the suggestion is not typing

    choose(panel, "Bea", "Ali")
    panel.chosen_by_group.setChecked(True)
    # A refresh of the Sessions tab leaves the choice being made alone.
    show_tab(qtbot, window, "Groups")
    show_tab(qtbot, window, "Sessions")
    assert (panel.lead.currentText(), panel.co.currentText()) == ("Bea", "Ali")
    with store_work_done(qtbot, window):
        panel.save_button.click()
    stored = ask(qtbot, window, sessions.get_session, ids["session"])
    assert stored.on_the_night == OnTheNight(ids["Bea"], ids["Ali"], chosen_by_group=True)
    assert stored.fields.lead_id == ids["Ali"]  # the plan itself is unchanged
    assert panel.state.text() == "Recorded."
    assert panel.chosen_by_group.isChecked()


def test_chosen_by_the_group_needs_someone_who_led(qtbot, make_window, monkeypatch, tmp_path):
    folder = tmp_path / "store"

    def fill(store: Store) -> str:
        return make_session(store, make_group(store).id, date=dt.date(2025, 3, 18)).id

    session_id = build_store(folder, fill)
    window = open_window(qtbot, make_window, monkeypatch, folder, on_the_night())
    panel = open_session(qtbot, window, SESSION)
    assert panel.lead.currentText() == "— nobody —"
    assert panel.state.text() == "Not recorded yet."
    panel.chosen_by_group.setChecked(True)
    with store_work_done(qtbot, window):
        panel.save_button.click()
    assert panel.message.text() == "Choose who led before noting that the group chose them."
    assert ask(qtbot, window, sessions.get_session, session_id).on_the_night == OnTheNight()


def test_a_facilitators_laptop_records_it_too(qtbot, make_window, monkeypatch, tmp_path):
    folder = tmp_path / "store"

    def fill(store: Store) -> dict[str, str]:
        ali = synced_person(store, "Ali")
        session = make_session(store, make_group(store).id, date=dt.date(2025, 3, 18))
        return {"Ali": ali, "session": session.id}

    ids = build_store(folder, fill, role=StoreRole.FACILITATOR)
    window = open_window(qtbot, make_window, monkeypatch, folder, on_the_night())
    record_on_the_night(qtbot, window, SESSION, lead="Ali", chosen_by_group=True)
    stored = ask(qtbot, window, sessions.get_session, ids["session"])
    assert stored.on_the_night == OnTheNight(ids["Ali"], None, chosen_by_group=True)
    # The plan itself is the coordinator's: not offered as a choice the save would refuse.
    editor = window.workspace.sessions_page.editor
    assert editor.isEnabled()
    assert not editor.lead.isEnabled()
    assert not editor.co_facilitator.isEnabled()


def test_a_choice_not_yet_saved_survives_a_lock(qtbot, make_window, monkeypatch, tmp_path):
    folder = tmp_path / "store"
    build_store(folder, two_leads_and_a_session)
    window = open_window(qtbot, make_window, monkeypatch, folder, on_the_night())
    panel = open_session(qtbot, window, SESSION)
    choose(panel, "Bea", None)
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window, PASSPHRASE)
    workspace = window.workspace
    assert workspace.tabs.currentWidget() is workspace.sessions_page
    panel = workspace.sessions_page.on_the_night
    qtbot.waitUntil(lambda: panel.session is not None and panel.lead.currentText() == "Bea")
    assert panel.co.currentText() == "— nobody —"
    assert panel.draft() is not None
