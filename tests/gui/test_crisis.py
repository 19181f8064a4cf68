"""The crisis screen: F1 from anywhere, a protocol by keyboard alone, the record it leaves."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from facilitator_app.domain.errors import AppError
from facilitator_app.domain.incidents import SafeguardingKind
from facilitator_app.domain.protocols import RecordField, RunStatus, StepAction
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.services import incidents
from tests.gui.conftest import (
    add_group,
    create_store_in_window,
    lock_and_wait,
    plan_session,
    unlock_in_window,
)

FLASHBACK_STEPS = 11


def open_window(qtbot, make_window) -> MainWindow:
    window = make_window()
    create_store_in_window(qtbot, window)
    return window


def press(window: MainWindow, key: Qt.Key, times: int = 1) -> None:
    """Keys as a person types them: to whichever widget has the focus."""
    for _ in range(times):
        QTest.keyClick(window.windowHandle(), key)


def first_protocol_button(window: MainWindow) -> QPushButton:
    button = window.workspace.crisis.protocol_buttons.itemAt(0).widget()
    assert isinstance(button, QPushButton)
    return button


def open_crisis_by_f1(qtbot, window: MainWindow) -> None:
    press(window, Qt.Key.Key_F1)
    crisis = window.workspace.crisis
    assert window.workspace.views.currentWidget() is crisis
    qtbot.waitUntil(lambda: crisis.contacts.lines.text() != "")  # the numbers have arrived


def start_flashback_by_keyboard(qtbot, window: MainWindow, key: Qt.Key = Qt.Key.Key_Space) -> None:
    """F1, then Space (or Enter) on the first protocol, which has the focus."""
    open_crisis_by_f1(qtbot, window)
    crisis = window.workspace.crisis
    assert crisis.pages.currentIndex() == 0
    first = first_protocol_button(window)
    assert first.text().startswith("Flashback")
    qtbot.waitUntil(first.hasFocus)
    press(window, key)
    assert crisis.pages.currentIndex() == 1
    assert crisis.run is not None
    assert crisis.run.protocol.id == "flashback"
    qtbot.waitUntil(crisis.done_button.hasFocus)


def finish_by_keyboard(qtbot, window: MainWindow) -> None:
    form = window.workspace.incident_form
    press(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: window.workspace.views.currentWidget() is form)
    assert form.incident is not None


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- opening and leaving ------------------------------------------------------------------


def test_f1_opens_the_protocols_from_the_groups_tab(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    workspace = window.workspace
    assert workspace.tabs.currentWidget() is workspace.home_page
    workspace.tabs.setCurrentWidget(workspace.groups_page)
    open_crisis_by_f1(qtbot, window)
    crisis = workspace.crisis
    assert crisis.pages.currentIndex() == 0
    titles = [
        crisis.protocol_buttons.itemAt(i).widget().text().split("\n")[0]
        for i in range(crisis.protocol_buttons.count())
    ]
    assert len(titles) == 9
    assert titles[0] == "Flashback, dissociation or panic in the group"
    qtbot.waitUntil(first_protocol_button(window).hasFocus)
    assert "999" in crisis.contacts.lines.text()
    crisis.back_to_app_button.click()
    assert workspace.views.currentWidget() is workspace.tabs
    assert workspace.tabs.currentWidget() is workspace.groups_page


def test_the_toolbar_protocols_button_opens_them_too(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    workspace = window.workspace
    assert window.toolbar.isVisible()
    window.protocols_action.trigger()
    assert workspace.views.currentWidget() is workspace.crisis
    qtbot.waitUntil(lambda: workspace.crisis.contacts.lines.text() != "")
    workspace.crisis.back_to_app_button.click()
    assert workspace.views.currentWidget() is workspace.tabs


def test_f1_from_a_session_links_the_record_to_it(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    add_group(qtbot, window, "Tuesday evening group")
    plan_session(qtbot, window, "Check-in and grounding")
    sessions = window.workspace.sessions_page
    group_id = sessions.group_choice.currentData()
    session_id = sessions.editor.session.id
    assert window.workspace.tabs.currentWidget() is sessions
    start_flashback_by_keyboard(qtbot, window)
    press(window, Qt.Key.Key_Return)
    finish_by_keyboard(qtbot, window)
    fields = window.workspace.incident_form.incident.fields
    assert (fields.group_id, fields.session_id) == (group_id, session_id)
    assert fields.run.status is RunStatus.FINISHED


def test_f1_from_a_group_links_the_group_and_a_member_can_be_chosen(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    add_group(qtbot, window, "Thursday group", ["Siân", "Beata"])
    groups = window.workspace.groups_page
    group_id = groups.selected_group_id()
    assert group_id is not None
    start_flashback_by_keyboard(qtbot, window)
    finish_by_keyboard(qtbot, window)
    form = window.workspace.incident_form
    assert (form.incident.fields.group_id, form.incident.fields.session_id) == (group_id, None)
    qtbot.waitUntil(lambda: form.member.count() == 3)
    form.member.setCurrentIndex(form.member.findText("Beata"))
    member_id = form.member.currentData()
    form.save_button.click()
    qtbot.waitUntil(lambda: form.incident.fields.member_id is not None)
    assert form.incident.fields.member_id == member_id
    assert form.message.text() == "Draft saved."
    qtbot.waitUntil(lambda: form.member.currentText() == "Beata")  # the list is filled again


# --- a whole run by keyboard ----------------------------------------------------------------


def test_a_protocol_by_keyboard_alone_leaves_a_record_to_submit(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    crisis = window.workspace.crisis
    before = now()
    start_flashback_by_keyboard(qtbot, window)
    for number in range(1, FLASHBACK_STEPS + 1):
        assert crisis.step_count.text() == f"Step {number} of {FLASHBACK_STEPS}"
        press(window, Qt.Key.Key_Return)
    assert crisis.step_count.text() == f"All {FLASHBACK_STEPS} steps answered"
    assert crisis.finish_button.hasFocus()
    finish_by_keyboard(qtbot, window)
    after = now()

    form = window.workspace.incident_form
    incident = form.incident
    assert not incident.is_submitted
    run = incident.fields.run
    assert run.status is RunStatus.FINISHED
    assert [(e.step, e.action) for e in run.events] == [
        (step, StepAction.DONE) for step in range(FLASHBACK_STEPS)
    ]
    times = [e.at for e in run.events]
    assert before <= run.started_at <= times[0]
    assert times == sorted(times)
    assert times[-1] <= run.ended_at <= after
    assert all(o.action is StepAction.DONE and o.at is not None for o in run.outcomes())
    summary = form.steps_summary.text().splitlines()
    assert len(summary) == FLASHBACK_STEPS
    assert all(" — done " in line for line in summary)
    assert crisis.pages.currentIndex() == 0  # ready for the next time
    assert crisis.run is None

    # The record asks for what the protocol's record step asks for.
    asked = (RecordField.OBSERVED, RecordField.DONE, RecordField.OUTCOME, RecordField.FOLLOW_UP)
    assert tuple(form.note_edits) == asked
    assert all(edit.isVisible() and edit.isEnabled() for edit in form.note_edits.values())
    for record_field, edit in form.note_edits.items():
        edit.setPlainText(f"  {record_field.label}: brief and factual.  ")
    assert not form.safeguarding_box.isVisible()
    form.safeguarding.setChecked(True)
    assert form.safeguarding_box.isVisible()
    form.kind.setCurrentIndex(form.kind.findData(SafeguardingKind.RISK_TO_SELF.value))
    form.person_told.setCurrentIndex(form.person_told.findData("yes"))
    form.danger.setCurrentIndex(form.danger.findData("no"))
    form.needs_support.setChecked(True)
    form.submit_button.click()
    qtbot.waitUntil(lambda: form.incident.is_submitted)

    fields = form.incident.fields
    assert fields.notes == {f: f"{f.label}: brief and factual." for f in asked}
    assert fields.safeguarding is not None
    assert fields.safeguarding.kind is SafeguardingKind.RISK_TO_SELF
    assert (fields.safeguarding.person_told, fields.safeguarding.immediate_danger) == (True, False)
    assert fields.facilitator_needs_support
    assert fields.run == run
    assert form.incident.submitted_at is not None
    # Read-only now; only an addendum can be added.
    assert not form.notes_box.isEnabled()
    assert not form.safeguarding.isEnabled()
    assert not form.safeguarding_box.isEnabled()
    assert not form.needs_support.isEnabled()
    assert not form.save_button.isVisible()
    assert not form.submit_button.isVisible()
    assert form.addendum_box.isVisible()
    assert "add an addendum" in form.message.text()
    assert form.addenda_text.text() == "No addenda yet."

    form.addendum.setPlainText("She texted the next morning: home safe.")
    form.addendum_button.click()
    qtbot.waitUntil(lambda: len(form.incident.addenda) == 1)
    assert "She texted the next morning: home safe." in form.addenda_text.text()
    assert form.addendum.toPlainText() == ""
    form.addendum_button.click()  # empty: refused calmly, nothing added
    qtbot.waitUntil(lambda: form.message.text() == "An addendum needs some text.")
    assert len(form.incident.addenda) == 1
    form.close_button.click()
    assert window.workspace.views.currentWidget() is window.workspace.tabs


def test_back_and_skip_by_keyboard(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    crisis = window.workspace.crisis
    start_flashback_by_keyboard(qtbot, window)
    assert not crisis.back_button.isEnabled()
    press(window, Qt.Key.Key_Return)
    press(window, Qt.Key.Key_S)
    assert crisis.step_count.text() == f"Step 3 of {FLASHBACK_STEPS}"
    press(window, Qt.Key.Key_Backspace)
    assert crisis.step_count.text() == f"Step 2 of {FLASHBACK_STEPS}"
    assert crisis.step_text.text() == crisis.run.protocol.steps[1].text
    assert crisis.next_text.text() == f"Next: {crisis.run.protocol.steps[2].text}"
    press(window, Qt.Key.Key_Return)
    finish_by_keyboard(qtbot, window)
    run = window.workspace.incident_form.incident.fields.run
    assert [o.action for o in run.outcomes()[:3]] == [StepAction.DONE, StepAction.DONE, None]
    assert [(e.step, e.action) for e in run.events] == [
        (0, StepAction.DONE),
        (1, StepAction.SKIPPED),
        (1, StepAction.DONE),
    ]


def test_keys_pressed_again_while_the_record_is_being_saved_do_no_harm(qtbot, make_window) -> None:
    """A second F, or an Enter after F, can arrive before the store thread answers."""
    window = open_window(qtbot, make_window)
    start_flashback_by_keyboard(qtbot, window)
    press(window, Qt.Key.Key_Return, times=2)
    crisis = window.workspace.crisis
    form = window.workspace.incident_form
    # Straight to the widget: no event loop runs between the presses.
    for key in (Qt.Key.Key_F, Qt.Key.Key_F, Qt.Key.Key_Return, Qt.Key.Key_Backspace):
        QTest.keyClick(crisis.done_button, key)
    qtbot.waitUntil(lambda: window.workspace.views.currentWidget() is form)
    run = form.incident.fields.run
    assert run.status is RunStatus.FINISHED
    assert [(e.step, e.action) for e in run.events] == [(0, StepAction.DONE), (1, StepAction.DONE)]


def test_if_the_record_cannot_be_saved_f_tries_again(qtbot, make_window, monkeypatch) -> None:
    window = open_window(qtbot, make_window)
    start_flashback_by_keyboard(qtbot, window)
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    crisis = window.workspace.crisis
    saves = []
    real_save = incidents.save_draft

    def fail_once(store, incident_id, fields):
        saves.append(fields.run.status)
        if len(saves) == 1:
            raise AppError("The record could not be saved just now.")
        return real_save(store, incident_id, fields)

    monkeypatch.setattr(incidents, "save_draft", fail_once)
    press(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: crisis.message.text() == "The record could not be saved just now.")
    assert window.workspace.views.currentWidget() is crisis
    finish_by_keyboard(qtbot, window)
    assert saves == [RunStatus.FINISHED, RunStatus.FINISHED]
    run = window.workspace.incident_form.incident.fields.run
    assert run.status is RunStatus.FINISHED
    assert [(e.step, e.action) for e in run.events] == [(0, StepAction.DONE)]


def test_going_back_to_the_app_mid_run_and_f1_again_keeps_the_run_and_its_session(
    qtbot, make_window
) -> None:
    window = open_window(qtbot, make_window)
    add_group(qtbot, window, "Tuesday evening group")
    plan_session(qtbot, window, "Check-in and grounding")
    sessions = window.workspace.sessions_page
    linked = (sessions.group_choice.currentData(), sessions.editor.session.id)
    start_flashback_by_keyboard(qtbot, window)
    press(window, Qt.Key.Key_Return, times=2)
    crisis = window.workspace.crisis
    # Look something up in the app: the run carries on behind.
    window.workspace.views.setCurrentWidget(window.workspace.tabs)
    window.workspace.tabs.setCurrentWidget(window.workspace.people_page)
    open_crisis_by_f1(qtbot, window)
    assert crisis.pages.currentIndex() == 1
    assert crisis.step_count.text() == f"Step 3 of {FLASHBACK_STEPS}"
    qtbot.waitUntil(crisis.done_button.hasFocus)
    press(window, Qt.Key.Key_Return)
    finish_by_keyboard(qtbot, window)
    fields = window.workspace.incident_form.incident.fields
    assert (fields.group_id, fields.session_id) == linked
    assert len(fields.run.events) == 3


# --- a lock in the middle -----------------------------------------------------------------


def test_a_run_survives_a_quick_lock_and_carries_on(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    start_flashback_by_keyboard(qtbot, window, Qt.Key.Key_Return)
    press(window, Qt.Key.Key_Return, times=3)
    crisis = window.workspace.crisis
    before_lock = crisis.run
    assert before_lock.position == 3
    incident_id = crisis.incident_id

    lock_and_wait(qtbot, window)
    assert window.workspace is None
    unlock_in_window(qtbot, window)
    workspace = window.workspace
    crisis = workspace.crisis
    qtbot.waitUntil(lambda: workspace.views.currentWidget() is crisis)
    assert crisis.incident_id == incident_id
    assert crisis.run == before_lock
    assert crisis.pages.currentIndex() == 1
    assert crisis.step_count.text() == f"Step 4 of {FLASHBACK_STEPS}"
    assert crisis.step_text.text() == before_lock.protocol.steps[3].text
    assert workspace.restored_notice.isVisible()
    assert "part-way through a protocol" in workspace.restored_notice.text()

    qtbot.waitUntil(crisis.done_button.hasFocus)
    press(window, Qt.Key.Key_Return, times=FLASHBACK_STEPS - 3)
    finish_by_keyboard(qtbot, window)
    incident = workspace.incident_form.incident
    assert incident.id == incident_id
    events = incident.fields.run.events
    assert events[:3] == before_lock.events
    assert [(e.step, e.action) for e in events] == [
        (step, StepAction.DONE) for step in range(FLASHBACK_STEPS)
    ]
    assert incident.fields.run.started_at == before_lock.started_at


def test_a_finished_record_left_unsubmitted_is_offered_after_a_lock(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    start_flashback_by_keyboard(qtbot, window)
    finish_by_keyboard(qtbot, window)
    form = window.workspace.incident_form
    incident_id = form.incident.id
    form.note_edits[RecordField.OBSERVED].setPlainText("Froze during check-in.")
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    workspace = window.workspace
    qtbot.waitUntil(workspace.waiting_record_button.isVisible)
    assert "waiting to be finished" in workspace.restored_notice.text()
    assert workspace.views.currentWidget() is workspace.tabs
    workspace.waiting_record_button.click()
    form = workspace.incident_form
    assert workspace.views.currentWidget() is form
    assert form.incident.id == incident_id
    assert form.note_edits[RecordField.OBSERVED].toPlainText() == "Froze during check-in."


def test_a_run_started_by_mistake_can_be_stopped_and_is_not_offered_again(
    qtbot, make_window
) -> None:
    window = open_window(qtbot, make_window)
    start_flashback_by_keyboard(qtbot, window)
    press(window, Qt.Key.Key_Return, times=2)
    crisis = window.workspace.crisis
    incident_id = crisis.incident_id
    crisis.stop_button.click()
    assert crisis.pages.currentIndex() == 0
    assert crisis.run is None
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window)
    workspace = window.workspace
    qtbot.waitUntil(lambda: not window.runner.is_busy)
    assert workspace.views.currentWidget() is workspace.tabs
    assert not workspace.waiting_record_button.isVisible()
    assert not workspace.restored_notice.isVisible()
    stored = []
    window.workspace._access.call(
        incidents.incident_or_refuse, incident_id, done=stored.append, failed=stored.append
    )
    qtbot.waitUntil(lambda: bool(stored))
    assert stored[0].fields.run.status is RunStatus.ABANDONED
    assert len(stored[0].fields.run.events) == 2


# --- calm on screen -----------------------------------------------------------------------


def running_timers(window: MainWindow) -> list[QTimer]:
    return [t for t in window.workspace.crisis.findChildren(QTimer) if t.isActive()]


def test_nothing_on_the_crisis_screen_changes_faster_than_once_a_second(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    open_crisis_by_f1(qtbot, window)
    assert all(t.interval() >= 1000 for t in running_timers(window))
    press(window, Qt.Key.Key_Space)
    press(window, Qt.Key.Key_Return)
    timers = running_timers(window)
    assert timers, "the clock runs during a protocol"
    assert [t.interval() for t in timers if t.interval() < 1000] == []
    assert "since you started" in window.workspace.crisis.clock.text()
    finish_by_keyboard(qtbot, window)
    assert running_timers(window) == []


def test_the_session_lists_its_incidents_without_their_text(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    workspace = window.workspace
    add_group(qtbot, window, "Thursday group")
    plan_session(qtbot, window, "Sleep")
    sessions = workspace.sessions_page
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: workspace.views.currentWidget() is workspace.crisis)
    start_flashback_by_keyboard(qtbot, window)
    finish_by_keyboard(qtbot, window)
    form = workspace.incident_form
    form.note_edits[RecordField.OBSERVED].setPlainText("CANARY-detail-text")
    form.save_button.click()
    qtbot.waitUntil(lambda: form.message.text() == "Draft saved.")
    form.close_button.click()
    workspace.tabs.setCurrentWidget(sessions)
    panel = sessions.register_panel
    qtbot.waitUntil(lambda: "Incidents in this session" in panel.incidents_line.text())
    assert "Flashback, dissociation or panic in the group · draft" in panel.incidents_line.text()
    assert "CANARY" not in panel.incidents_line.text()


def test_the_disclosure_card_is_one_click_from_the_list(qtbot, make_window) -> None:
    window = open_window(qtbot, make_window)
    open_crisis_by_f1(qtbot, window)
    crisis = window.workspace.crisis
    crisis.disclosure_button.click()
    assert crisis.pages.currentIndex() == 2
    assert crisis.card_title.text() == "Responding to a disclosure"
    assert "Tell the safeguarding lead within 24 hours." in crisis.card_do.text()
    assert "Promise to keep it secret." in crisis.card_dont.text()
    press(window, Qt.Key.Key_Return)  # no protocol is running: keys start nothing here
    assert crisis.run is None
    crisis.card_back_button.click()
    assert crisis.pages.currentIndex() == 0
