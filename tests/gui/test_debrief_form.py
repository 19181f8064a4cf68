"""Writing a debrief (issue 7), driven as a facilitator would: from the session screen,
saved while typing and at lock, sent once (sealed away on a laptop), then addenda."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitator_app.domain.debriefs import HowItWent
from facilitator_app.domain.incidents import IncidentFields
from facilitator_app.domain.people import PersonRole
from facilitator_app.domain.protocols import finish, mark_done, start_run
from facilitator_app.domain.records import RecordKind, RecordStatus
from facilitator_app.domain.sessions import SessionStatus
from facilitator_app.gui.debrief_form import DebriefForm
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.services import debriefs, incidents, records, sessions
from facilitator_app.services.protocols import get_protocol
from facilitator_app.store.store import Store
from tests.factories import (
    PASSPHRASE,
    FakeClock,
    make_group,
    make_member,
    make_person,
    make_session,
)
from tests.gui.conftest import (
    list_texts,
    lock_and_wait,
    row_starting,
    show_tab,
    unlock_in_window,
    visible_dialogs,
    visible_texts,
)
from tests.gui.store_setup import ask, build_store, open_window
from tests.sync_setup import carry, give_groups, join, new_coordinator

GROUP = "Tuesday evening group"
HELD_ON = dt.date(2025, 3, 11)
CANCELLED_ON = dt.date(2025, 3, 4)
CONCERN = "canary-5d1e: one member left at 19:10 and did not say why."


@dataclass(frozen=True)
class Template:
    laptop: Path
    coordinator: Path


def _fill_group(store: Store) -> None:
    """A group with three members, a held session (Alex and Jo came) and a cancelled one."""
    group = make_group(store, name=GROUP)
    members = [make_member(store, group.id, name=name).id for name in ("Alex", "Jo", "Priya")]
    held = make_session(store, group.id, date=HELD_ON, topic="Boundaries")
    cancelled = make_session(store, group.id, date=CANCELLED_ON, topic="Grounding")
    sessions.take_register(store, held.id, members[:2])
    sessions.set_status(store, held.id, SessionStatus.HELD)
    sessions.set_status(store, cancelled.id, SessionStatus.CANCELLED)


def _fill_laptop_side(coordinator: Store, laptop_person_id: str, group_id: str) -> None:
    dana = make_person(coordinator, "Dana", PersonRole.SUPPORT_WORKER)
    give_groups(coordinator, laptop_person_id, group_id)
    give_groups(coordinator, dana.id, group_id)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """Made once: Sam's paired laptop holding the group, and a coordinator's own store."""
    folder = tmp_path_factory.mktemp("debrief-stores")
    clock = FakeClock()
    coordinator = new_coordinator(folder / "org", clock)
    laptop = join(coordinator, folder / "laptop", "Sam", clock, tmp=folder)
    try:
        group_id = make_group(coordinator, name=GROUP).id
        _fill_laptop_side(coordinator, laptop.person_id, group_id)
        members = [
            make_member(coordinator, group_id, name=name).id for name in ("Alex", "Jo", "Priya")
        ]
        make_session(coordinator, group_id, date=HELD_ON, topic="Boundaries")
        make_session(coordinator, group_id, date=CANCELLED_ON, topic="Grounding")
        carry(coordinator, laptop.store, folder)
        held, cancelled = sorted(
            sessions.list_sessions(laptop.store, group_id), key=lambda s: s.date, reverse=True
        )
        sessions.take_register(laptop.store, held.id, members[:2])
        sessions.set_status(laptop.store, held.id, SessionStatus.HELD)
        sessions.set_status(laptop.store, cancelled.id, SessionStatus.CANCELLED)
    finally:
        laptop.store.close()
        coordinator.close()

    build_store(folder / "coordinator", _fill_group)
    return Template(folder / "laptop", folder / "coordinator")


def open_copy(qtbot, make_window, monkeypatch, source: Path, tmp_path: Path) -> MainWindow:
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    return open_window(qtbot, make_window, monkeypatch, folder, FakeClock())


def choose_session(qtbot, window: MainWindow, on: dt.date) -> None:
    show_tab(qtbot, window, "Sessions")
    page = window.workspace.sessions_page
    qtbot.waitUntil(lambda: page.session_list.count() == 2)
    page.session_list.setCurrentRow(row_starting(page.session_list, f"{on:%a %d %b %Y}"))
    qtbot.waitUntil(lambda: page.editor.session is not None and page.editor.session.date == on)
    qtbot.waitUntil(lambda: not window.runner.is_busy)


def open_debrief(qtbot, window: MainWindow) -> DebriefForm:
    """Write debrief… on the session screen, and wait for the form to show its draft."""
    prompt = window.workspace.sessions_page.debrief_prompt
    assert prompt.isVisible()
    prompt.write_button.click()
    form = window.workspace.debrief_form
    qtbot.waitUntil(lambda: window.workspace.views.currentWidget() is form)
    assert form.debrief_id is not None
    return form


def wait_saved(qtbot, form: DebriefForm) -> None:
    qtbot.waitUntil(lambda: not form.save_pending, timeout=5_000)


def fill_in(form: DebriefForm) -> None:
    editor = form.editor
    editor.how_buttons[HowItWent.MIXED].click()
    editor.topics.setPlainText("Boundaries and saying no")
    editor.went_well.setPlainText("Everyone spoke in the closing round.")
    editor.concerns.setPlainText(CONCERN)
    editor.wellbeing.buttons[3].click()
    editor.wants_contact.setChecked(True)


# --- from the session screen to the index line ------------------------------------------


def test_a_laptop_writes_a_debrief_from_the_session_screen_and_sends_it_sealed(
    qtbot, make_window, monkeypatch, template, tmp_path
) -> None:
    window = open_copy(qtbot, make_window, monkeypatch, template.laptop, tmp_path)
    choose_session(qtbot, window, HELD_ON)
    prompt = window.workspace.sessions_page.debrief_prompt
    # Held, nothing written yet: the way in is the noticeable button.
    qtbot.waitUntil(lambda: "When you are ready" in prompt.state.text())
    assert prompt.write_button.property("role") == "primary"

    form = open_debrief(qtbot, window)
    assert form.session_line.text() == f"Tue 11 Mar 2025  ·  {GROUP}"
    assert form.present_line.text() == "2 present: Alex, Jo"
    assert form.editor.recipient.currentText() == "Dana"  # the group's support worker
    assert form.editor.incident_lines.text() == "None recorded."

    fill_in(form)
    assert form.save_pending  # saved a moment after typing stops
    wait_saved(qtbot, form)
    (draft,) = ask(qtbot, window, debriefs.drafts)
    assert draft.fields.concerns == CONCERN
    assert draft.fields.how_it_went is HowItWent.MIXED
    assert (draft.fields.wellbeing, draft.fields.wants_contact) == (3, True)
    assert form.saved_line.text().startswith("Draft saved ")

    form.send_button.click()
    assert form.question.isVisible()
    assert "can't be changed" in form.question.text.text()
    form.question.yes_button.click()
    page = window.workspace.debriefs_page
    qtbot.waitUntil(lambda: window.workspace.views.currentWidget() is window.workspace.tabs)
    assert window.workspace.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.sent_list.count() == 1)
    assert page.confirmation.text() == (
        "Sent. It will go to your organisation with your next USB sync."
    )
    assert list_texts(page.sent_list) == [f"Tue 11 Mar 2025  ·  {GROUP}  ·  Debrief  ·  Sent"]
    assert not page.draft_list.isVisible()

    # The laptop keeps the index line only: no draft, no text on screen.
    assert ask(qtbot, window, debriefs.drafts) == []
    (line,) = ask(qtbot, window, records.sent_lines)
    assert (line.kind, line.status, line.id) == (RecordKind.DEBRIEF, RecordStatus.SENT, draft.id)
    texts = "\n".join(visible_texts(window)) + "\n".join(
        w.toPlainText() for w in (form.editor.concerns, form.editor.topics)
    )
    assert "canary-5d1e" not in texts
    assert form.debrief_id is None

    # Back on the session screen it says so, without offering to continue a draft.
    choose_session(qtbot, window, HELD_ON)
    qtbot.waitUntil(lambda: prompt.state.text() == "Your debrief of this session was sent.")
    assert prompt.write_button.text() == "Write another debrief…"


def test_the_draft_is_reopened_after_a_lock_with_every_word(
    qtbot, make_window, monkeypatch, template, tmp_path
) -> None:
    window = open_copy(qtbot, make_window, monkeypatch, template.laptop, tmp_path)
    choose_session(qtbot, window, HELD_ON)
    form = open_debrief(qtbot, window)
    debrief_id = form.debrief_id
    fill_in(form)
    assert form.save_pending  # locked before the autosave: the lock itself keeps it
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window, PASSPHRASE)

    form = window.workspace.debrief_form
    qtbot.waitUntil(lambda: window.workspace.views.currentWidget() is form)
    assert form.debrief_id == debrief_id
    assert form.editor.concerns.toPlainText() == CONCERN
    assert form.editor.fields().how_it_went is HowItWent.MIXED
    assert form.editor.wellbeing.value() == 3
    assert "just as you left it" in window.workspace.restored_notice.text()

    # Back, then Write debrief… again: the same draft, not a second one.
    form.back_button.click()
    assert window.workspace.views.currentWidget() is window.workspace.tabs
    choose_session(qtbot, window, HELD_ON)
    prompt = window.workspace.sessions_page.debrief_prompt
    qtbot.waitUntil(lambda: prompt.write_button.text() == "Continue debrief…")
    form = open_debrief(qtbot, window)
    assert form.debrief_id == debrief_id
    assert form.editor.topics.toPlainText() == "Boundaries and saying no"
    assert len(ask(qtbot, window, debriefs.drafts)) == 1

    # Left on the Debriefs tab rather than open: after a lock it is offered, not forced.
    form.back_button.click()
    lock_and_wait(qtbot, window)
    unlock_in_window(qtbot, window, PASSPHRASE)
    workspace = window.workspace
    qtbot.waitUntil(lambda: workspace.restored_notice.isVisible())
    assert workspace.restored_notice.text() == "A debrief you started is saved as a draft."
    assert workspace.views.currentWidget() is workspace.tabs
    workspace.waiting_record_button.click()
    qtbot.waitUntil(lambda: workspace.views.currentWidget() is workspace.debrief_form)
    assert workspace.debrief_form.debrief_id == debrief_id


def test_sending_without_saying_how_it_went_changes_nothing(
    qtbot, make_window, monkeypatch, template, tmp_path
) -> None:
    window = open_copy(qtbot, make_window, monkeypatch, template.laptop, tmp_path)
    choose_session(qtbot, window, HELD_ON)
    form = open_debrief(qtbot, window)
    form.editor.concerns.setPlainText(CONCERN)
    form.send_button.click()
    assert form.message.isVisible()
    assert form.message.text() == "Choose how the session went."
    assert not form.question.isVisible()  # nothing to confirm yet
    wait_saved(qtbot, form)
    (draft,) = ask(qtbot, window, debriefs.drafts)
    assert draft.fields.concerns == CONCERN
    assert ask(qtbot, window, records.sent_lines) == []
    assert window.workspace.views.currentWidget() is form

    # "Something else" needs a few words; the service says so too.
    form.editor.how_buttons[HowItWent.DIFFERENT].click()
    form.send_button.click()
    assert form.message.text() == "Say a few words about how the session went."
    form.editor.how_notes.setPlainText("We went for a walk instead.")
    form.send_button.click()
    form.question.no_button.click()  # changed their mind: still a draft
    wait_saved(qtbot, form)
    assert ask(qtbot, window, records.sent_lines) == []
    assert ask(qtbot, window, debriefs.drafts)[0].fields.how_notes == "We went for a walk instead."


def test_a_cancelled_session_shows_why_there_is_no_debrief(
    qtbot, make_window, monkeypatch, template, tmp_path
) -> None:
    window = open_copy(qtbot, make_window, monkeypatch, template.laptop, tmp_path)
    choose_session(qtbot, window, CANCELLED_ON)
    prompt = window.workspace.sessions_page.debrief_prompt
    qtbot.waitUntil(lambda: prompt.state.text() == "This session was cancelled.")
    prompt.write_button.click()
    qtbot.waitUntil(prompt.message.isVisible)
    assert prompt.message.text().startswith("This session was cancelled, so there is no group")
    assert window.workspace.views.currentWidget() is window.workspace.tabs
    assert ask(qtbot, window, debriefs.drafts) == []


def test_an_addendum_to_a_sent_debrief_goes_sealed_too(
    qtbot, make_window, monkeypatch, template, tmp_path
) -> None:
    window = open_copy(qtbot, make_window, monkeypatch, template.laptop, tmp_path)
    choose_session(qtbot, window, HELD_ON)
    form = open_debrief(qtbot, window)
    form.editor.how_buttons[HowItWent.SETTLED].click()
    form.send_button.click()
    form.question.yes_button.click()
    page = window.workspace.debriefs_page
    qtbot.waitUntil(lambda: page.sent_list.count() == 1)
    assert not page.addendum_button.isEnabled()  # nothing chosen yet
    page.sent_list.setCurrentRow(0)
    assert page.addendum_button.isEnabled()

    dialog = page.add_addendum()
    assert dialog is not None
    assert dialog in visible_dialogs()
    dialog.send_button.click()  # empty: refused calmly, the dialog stays
    qtbot.waitUntil(dialog.message.isVisible)
    assert dialog.message.text() == "An addendum needs some text."
    dialog.text.setPlainText("I forgot: the room was booked late.")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: page.sent_list.count() == 2)
    assert dialog not in visible_dialogs()
    assert list_texts(page.sent_list) == [
        f"Tue 11 Mar 2025  ·  {GROUP}  ·  Debrief  ·  Sent  ·  +1 addendum",
        "      ↳ Addendum to a debrief  ·  Sent",
    ]
    assert "Addendum sent" in page.confirmation.text()
    kinds = [line.kind for line in ask(qtbot, window, records.sent_lines)]
    assert sorted(kinds) == [RecordKind.DEBRIEF, RecordKind.DEBRIEF_ADDENDUM]
    page.sent_list.setCurrentRow(1)
    assert not page.addendum_button.isEnabled()  # no addendum to an addendum


# --- incident records on a laptop ----------------------------------------------------------


def _finished_incident(window: MainWindow, qtbot, session_id: str, group_id: str) -> str:
    started = dt.datetime.combine(HELD_ON, dt.time(19, 0), dt.UTC)  # during the session
    run = finish(mark_done(start_run(get_protocol("flashback"), started), started), started)
    fields = IncidentFields(run=run, group_id=group_id, session_id=session_id)
    incident = ask(qtbot, window, incidents.save_draft, None, fields)
    return incident.id


def test_an_incident_submitted_on_a_laptop_is_not_shown_again(
    qtbot, make_window, monkeypatch, template, tmp_path
) -> None:
    window = open_copy(qtbot, make_window, monkeypatch, template.laptop, tmp_path)
    choose_session(qtbot, window, HELD_ON)
    session = window.workspace.sessions_page.editor.session
    incident_id = _finished_incident(window, qtbot, session.id, session.group_id)

    # The debrief lists the draft record by protocol and can link it as the concern.
    form = open_debrief(qtbot, window)
    assert form.editor.incident_lines.text() == "•  Flashback, dissociation or panic in the group"
    form.editor.safeguarding.setChecked(True)
    assert form.editor.safeguarding_incident_row.isVisible()
    combo = form.editor.safeguarding_incident
    combo.setCurrentIndex(combo.findData(incident_id))
    wait_saved(qtbot, form)
    assert ask(qtbot, window, debriefs.drafts)[0].fields.safeguarding_incident_id == incident_id
    # The protocols are one click away, and leaving them comes back to the debrief.
    form.editor.safeguarding_protocols_button.click()
    crisis = window.workspace.crisis
    assert window.workspace.views.currentWidget() is crisis
    crisis.back_to_app_button.click()
    assert window.workspace.views.currentWidget() is form
    assert form.editor.concerns.toPlainText() == ""  # nothing typed there: still as it was
    form.back_button.click()

    show_tab(qtbot, window, "Incidents")
    page = window.workspace.incidents_page
    qtbot.waitUntil(lambda: page.incident_list.count() == 1)
    assert any("Debriefs tab" in text for text in visible_texts(page))
    page.incident_list.setCurrentRow(0)
    page.open_button.click()  # the record is read from the store, then shown
    incident_form = window.workspace.incident_form
    qtbot.waitUntil(lambda: window.workspace.views.currentWidget() is incident_form)
    assert "sealed for your organisation" in incident_form.message.text()
    note = next(iter(incident_form.note_edits.values()))
    note.setPlainText("canary-91ab: she sat by the door.")
    incident_form.submit_button.click()
    qtbot.waitUntil(lambda: window.workspace.views.currentWidget() is window.workspace.tabs)
    assert window.workspace.tabs.currentWidget() is page
    assert incident_form.incident is None
    assert "canary-91ab" not in "\n".join(visible_texts(window))
    assert page.confirmation.text().startswith("Sent. The incident record will go")
    qtbot.waitUntil(lambda: page.incident_list.count() == 0)

    # Now listed by kind only, in the debrief and on the Debriefs tab, where an addendum
    # to it is sealed in its turn.
    choose_session(qtbot, window, HELD_ON)
    form = open_debrief(qtbot, window)
    assert form.editor.incident_lines.text() == "•  Incident record (sent)"
    form.back_button.click()
    show_tab(qtbot, window, "Debriefs")
    debriefs_page = window.workspace.debriefs_page
    qtbot.waitUntil(lambda: debriefs_page.sent_list.count() == 1)
    assert list_texts(debriefs_page.sent_list) == [
        f"Tue 11 Mar 2025  ·  {GROUP}  ·  Incident record  ·  Sent"
    ]
    debriefs_page.sent_list.setCurrentRow(0)
    dialog = debriefs_page.add_addendum()
    assert dialog is not None
    dialog.text.setPlainText("She rang the office the next day.")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: debriefs_page.sent_list.count() == 2)
    kinds = sorted(line.kind for line in ask(qtbot, window, records.sent_lines))
    assert kinds == [RecordKind.INCIDENT, RecordKind.INCIDENT_ADDENDUM]


# --- a coordinator's own debriefs ------------------------------------------------------------


def test_a_coordinator_sees_drafts_here_and_sent_debriefs_in_the_inbox(
    qtbot, make_window, monkeypatch, template, tmp_path
) -> None:
    window = open_copy(qtbot, make_window, monkeypatch, template.coordinator, tmp_path)
    choose_session(qtbot, window, HELD_ON)
    form = open_debrief(qtbot, window)
    form.editor.topics.setPlainText("Boundaries")
    form.back_button.click()  # saved on the way out
    assert form.debrief_id is None

    show_tab(qtbot, window, "Debriefs")
    page = window.workspace.debriefs_page
    qtbot.waitUntil(lambda: page.draft_list.count() == 1)
    assert list_texts(page.draft_list)[0].startswith(f"Tue 11 Mar 2025  ·  {GROUP}  ·  draft")
    assert page.inbox_line.isVisible()
    assert not page.sent_list.isVisible()
    assert ask(qtbot, window, debriefs.drafts)[0].fields.topics == "Boundaries"
    page.open_button.click()  # the newest draft is chosen already
    qtbot.waitUntil(lambda: window.workspace.views.currentWidget() is form)
    assert form.editor.topics.toPlainText() == "Boundaries"
    form.back_button.click()
    qtbot.waitUntil(lambda: page.draft_list.count() == 1)

    # Discarding asks first; keeping it changes nothing.
    page.draft_list.setCurrentRow(0)
    page.discard_button.click()
    assert page.question.isVisible()
    page.question.no_button.click()
    assert page.draft_list.count() == 1
    page.discard_button.click()
    page.question.yes_button.click()
    qtbot.waitUntil(lambda: page.drafts_empty.isVisible())
    assert ask(qtbot, window, debriefs.drafts) == []
    assert page.confirmation.text() == "The draft was discarded."

    # Sent from a coordinator's store: filed, and the form says where.
    choose_session(qtbot, window, HELD_ON)
    form = open_debrief(qtbot, window)
    form.editor.how_buttons[HowItWent.HARD].click()
    form.send_button.click()
    form.question.yes_button.click()
    qtbot.waitUntil(lambda: window.workspace.tabs.currentWidget() is page)
    assert page.confirmation.text() == "Sent. You'll find it in the Inbox."
    assert ask(qtbot, window, debriefs.drafts) == []
