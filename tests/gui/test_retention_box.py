"""Retention on a coordinator's Settings tab: the periods, the review list with its
question, the records on hold and the purge log; and holding a record from the inbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from facilitator_app.domain.retention import RecordType
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.retention_box import RetentionBox
from facilitator_app.services import retention
from facilitator_app.store.store import Store, StoreRole
from tests.factories import FIXED_NOW, FakeClock
from tests.gui.conftest import list_texts, show_tab
from tests.gui.store_setup import ask, build_store, open_window
from tests.services.test_retention import CANARY, Records, write_records

LATER = FIXED_NOW + dt.timedelta(days=8 * 365)


def fill(store: Store) -> Records:
    records = write_records(store)
    retention.place_hold(store, "incidents", records.safeguarding_id)
    return records


def retention_box(window: MainWindow) -> RetentionBox:
    assert window.workspace is not None
    box = window.workspace.settings_page.retention
    assert box is not None
    return box


def test_review_then_confirm_removes_and_logs(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:
    build_store(tmp_path / "store", fill)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", FakeClock(LATER))
    show_tab(qtbot, window, "Settings")
    box = retention_box(window)
    qtbot.waitUntil(lambda: box.due_list.count() > 0)

    due = list_texts(box.due_list)
    assert "Sessions and registers (kept 3 years): 1 session, from 4 March 2025" in due
    assert (
        "Safeguarding records (kept 7 years): No safeguarding records due; 1 more on hold, kept"
        in due
    )
    assert box.periods[RecordType.SESSIONS].months() == 36
    held = list_texts(box.held_list)
    assert held == [
        "Incident record · 14 March 2025 · Tuesday evening group — held since "
        "14 March 2025 by Morgan"
    ]
    assert box.nothing_logged.isVisible()
    assert all(CANARY not in text for text in [*due, *held])
    box.resize(880, box.sizeHint().height())
    box.grab().save(str(tmp_path.parent / "retention-box.png"))

    # Untick supervision: the question names exactly what the rest removes.
    for row in range(box.due_list.count()):
        item = box.due_list.item(row)
        if item.text().startswith("Supervision notes"):
            item.setCheckState(Qt.CheckState.Unchecked)
    box.remove_button.click()
    assert box.question.isVisible()
    question = box.question.text.text()
    assert question.startswith("Remove for good: 1 session with its register")
    assert "1 debrief with its addenda and follow-ups" in question
    assert "supervision" not in question
    assert "1 record on hold — safeguarding is kept" not in question  # none of these held
    assert question.endswith("This cannot be undone.")
    box.question.no_button.click()
    assert not box.question.isVisible()
    assert ask(qtbot, window, retention.purge_log) == []

    box.remove_button.click()
    with qtbot.waitSignal(window.runner.idle, timeout=10_000):
        box.question.yes_button.click()
    qtbot.waitUntil(lambda: box.due_message.text().startswith("Removed"))
    assert box.due_message.text() == "Removed 4 records."
    qtbot.waitUntil(lambda: box.log_list.count() == 4)
    log = list_texts(box.log_list)
    assert any(
        line.startswith("Sessions and registers — ") and "1 removed by Morgan" in line
        for line in log
    )
    left = list_texts(box.due_list)
    assert any(line.startswith("Supervision notes") for line in left)
    box.resize(880, box.sizeHint().height())
    box.grab().save(str(tmp_path.parent / "retention-box-after.png"))


def test_a_bad_period_is_refused_on_screen(qtbot, make_window, monkeypatch, tmp_path: Path) -> None:
    build_store(tmp_path / "store", lambda store: None)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", FakeClock())
    show_tab(qtbot, window, "Settings")
    box = retention_box(window)
    edit = box.periods[RecordType.SUPERVISION]
    qtbot.waitUntil(lambda: edit.months() == 72)
    edit.unit.setCurrentIndex(1)
    edit.amount.setValue(100)
    assert edit.months() == 1200
    edit.unit.setCurrentIndex(0)  # 100 months is within range: a real, shorter period
    edit.amount.setValue(0)
    assert edit.amount.value() == 1  # the box itself refuses nothing below a month
    box.save_button.click()
    qtbot.waitUntil(lambda: box.rules_message.text() == "Saved.")
    assert ask(qtbot, window, retention.retention_rules)[4].months == 1


def test_holding_a_record_from_the_inbox(qtbot, make_window, monkeypatch, tmp_path: Path) -> None:
    records = build_store(tmp_path / "store", write_records)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "store", FakeClock())
    assert window.workspace is not None
    page = window.workspace.inbox_page
    assert page is not None
    with qtbot.waitSignal(window.runner.idle, timeout=10_000):
        page.open_record(records.debrief_id)
    hold = page.record_view.hold
    qtbot.waitUntil(lambda: hold.button.text() == "Hold — safeguarding")

    hold.button.click()

    qtbot.waitUntil(lambda: hold.button.text() == "Remove hold")
    assert hold.status.text().startswith("On hold — safeguarding")
    assert ask(qtbot, window, retention.is_held, "debriefs", records.debrief_id) is True
    content = page.record_view.content
    content.resize(700, content.sizeHint().height())
    content.grab().save(str(tmp_path.parent / "inbox-hold.png"))
    hold.button.click()
    qtbot.waitUntil(lambda: hold.button.text() == "Hold — safeguarding")
    assert ask(qtbot, window, retention.is_held, "debriefs", records.debrief_id) is False


def test_a_facilitators_laptop_has_no_retention_box(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:
    build_store(tmp_path / "laptop", lambda store: None, role=StoreRole.FACILITATOR)
    window = open_window(qtbot, make_window, monkeypatch, tmp_path / "laptop", FakeClock())
    assert window.workspace is not None
    assert window.workspace.settings_page.retention is None
