"""The coordinator's audit log window, reached from the Settings tab: entries newest first,
a filter by action, and a calm answer from "Check the log", also when it was changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.gui.audit_log_dialog import AuditLogDialog
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.services import debriefs, sessions
from facilitator_app.store.database import DB_NAME, connect
from facilitator_app.store.keys import KeyFile
from facilitator_app.store.store import Store, StoreRole
from tests.factories import PASSPHRASE, FakeClock, make_group, make_member, make_session
from tests.gui.conftest import (
    lock_and_wait,
    open_paper,
    show_tab,
    unlock_in_window,
    visible_dialogs,
    wait_for_pdf,
)
from tests.gui.store_setup import build_store, open_window


def a_debrief(store: Store) -> str:
    group = make_group(store, name="Tuesday evening group")
    member = make_member(store, group.id, name="Sky")
    session = make_session(store, group.id, date=dt.date(2025, 3, 11))
    sessions.take_register(store, session.id, [member.id])
    draft = debriefs.start_debrief(store, session.id)
    fields = DebriefFields(how_it_went=HowItWent.SETTLED, topics="Boundaries")
    return debriefs.submit(store, draft.id, fields).id


@pytest.fixture
def debrief_store(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "coordinator"
    return folder, build_store(folder, a_debrief)


@pytest.fixture
def window(qtbot, make_window, monkeypatch, debrief_store, clock: FakeClock) -> MainWindow:
    return open_window(qtbot, make_window, monkeypatch, debrief_store[0], clock)


def open_log(qtbot, window: MainWindow) -> AuditLogDialog:
    show_tab(qtbot, window, "Settings")
    box = window.workspace.settings_page.audit_log
    assert box is not None
    assert box.isVisible()
    dialog = box.open_log()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0)
    return dialog


def rows(dialog: AuditLogDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def test_opening_printing_and_saving_a_debrief_show_in_the_log(
    qtbot, window, debrief_store, tmp_path
) -> None:
    _, debrief_id = debrief_store
    page = window.workspace.inbox_page
    window.workspace.tabs.setCurrentWidget(page)
    page.open_record(debrief_id)
    view = page.record_view
    qtbot.waitUntil(lambda: view.record is not None and view.record.line.id == debrief_id)
    paper = open_paper(window, view.print_button)
    wait_for_pdf(qtbot, paper.preview, "Tuesday evening group")
    paper.save_to(tmp_path / "debrief.pdf")
    qtbot.waitUntil(lambda: paper.message.text() == "Saved as debrief.pdf.")
    paper.printed()  # what the Print button does once the system dialog has printed
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    paper.close()

    dialog = open_log(qtbot, window)
    shown = rows(dialog)
    who = {row[1] for row in shown}
    assert who == {"Morgan"}
    assert [row[2] for row in shown] == [
        "Printed",
        "Saved as a PDF",
        "Opened",
        "Unlocked",
        "Created",
    ]
    assert shown[0][3] == "Debrief · Tuesday evening group, 11 March 2025"
    assert shown[0][0] == "14 March 2025, " + dt.datetime(
        2025, 3, 14, 12, 0, tzinfo=dt.UTC
    ).astimezone().strftime("%H:%M")
    assert dialog.count_label.text() == "Showing the newest 5 of 5."
    assert not dialog.more_button.isVisible()

    dialog.action.setCurrentIndex(dialog.action.findText("Opened"))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert rows(dialog)[0][2] == "Opened"
    assert dialog.count_label.text() == "Showing the newest 1 of 1."

    dialog.check_button.click()
    qtbot.waitUntil(dialog.check_result.isVisible)
    assert dialog.check_result.text() == "The audit log is intact: all 5 entries are as written."
    dialog.action.setCurrentIndex(0)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 5)


def test_a_log_changed_outside_the_app_is_reported_calmly(qtbot, window, debrief_store) -> None:
    folder, _ = debrief_store
    lock_and_wait(qtbot, window)
    conn = connect(folder / DB_NAME, KeyFile.load(folder).unlock_with_passphrase(PASSPHRASE))
    try:
        conn.execute("DELETE FROM audit_log WHERE seq = 1")
    finally:
        conn.close()
    unlock_in_window(qtbot, window, PASSPHRASE)

    dialog = open_log(qtbot, window)
    dialog.check_button.click()
    qtbot.waitUntil(dialog.check_result.isVisible)
    text = dialog.check_result.text()
    assert text.startswith("Audit log entry 1 is missing: it was removed.")
    assert "Entries 1 to" not in text
    assert "The log carries on recording as usual." in text
    assert [row[2] for row in rows(dialog)] == ["Unlocked", "Unlocked"]


def test_locking_closes_the_log(qtbot, window) -> None:
    dialog = open_log(qtbot, window)
    assert dialog in visible_dialogs()
    lock_and_wait(qtbot, window)
    assert not any(isinstance(d, AuditLogDialog) for d in visible_dialogs())


def test_a_facilitators_settings_have_no_audit_log(
    qtbot, make_window, monkeypatch, tmp_path, clock
) -> None:
    folder = tmp_path / "laptop"
    build_store(folder, lambda store: None, role=StoreRole.FACILITATOR)
    window = open_window(qtbot, make_window, monkeypatch, folder, clock)
    show_tab(qtbot, window, "Settings")
    assert window.workspace.settings_page.isVisible()
    assert window.workspace.settings_page.audit_log is None
